#ifndef CLIPSONIC_COPENBLAS_SHIM_H
#define CLIPSONIC_COPENBLAS_SHIM_H
// Debian puts the pthread build's header under an alternatives-managed path; cblas.h in the
// multiarch include folder points at the selected OpenBLAS variant.
#include <cblas.h>
// Declared by OpenBLAS but not by every cblas.h variant.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
