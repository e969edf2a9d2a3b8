#ifndef CLIPSONIC_CDNNL_SHIM_H
#define CLIPSONIC_CDNNL_SHIM_H
// oneDNN (Debian's libdnnl-dev 2.x): the C API of the convolution, deconvolution and reorder
// primitives. oneDNN picks its kernels at run time from the CPU's instruction sets.
#include <oneapi/dnnl/dnnl.h>

// Debian's oneDNN threads with GCC's OpenMP runtime (libgomp). The engine's own parallel loops
// run on the same thread team, so the two never compete for the cores. These are libgomp's
// entry points (GCC's OpenMP ABI); omp.h is GCC's header and not on clang's include path.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
int omp_get_max_threads(void);
void omp_set_num_threads(int num_threads);
#endif
