#ifndef CLIPSONIC_CKERNELS_CLONES_H
#define CLIPSONIC_CKERNELS_CLONES_H
// Each kernel so marked is compiled for AVX-512, AVX2+FMA and plain x86-64, and the loader picks
// the one this CPU runs: one binary, no build flag tied to a CPU.
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
