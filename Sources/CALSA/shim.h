#ifndef CLIPSONIC_CALSA_SHIM_H
#define CLIPSONIC_CALSA_SHIM_H
#include <alsa/asoundlib.h>
#endif
