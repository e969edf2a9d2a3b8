#ifndef CLIPSONIC_CIMAGECODECS_SHIM_H
#define CLIPSONIC_CIMAGECODECS_SHIM_H
#include <stdio.h>
#include <stddef.h>
#include <png.h>
#include <jpeglib.h>
#endif
