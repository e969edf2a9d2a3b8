#ifndef CLIPSONIC_CSNDFILE_SHIM_H
#define CLIPSONIC_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
