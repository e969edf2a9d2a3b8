#ifndef CLIPSONIC_CKERNELS_H
#define CLIPSONIC_CKERNELS_H
// Elementwise kernels of the networks that are bound by the exponential: SiLU after GroupNorm,
// softmax rows, the statistics of a normalisation. Each is compiled for AVX-512, AVX2+FMA and
// plain x86-64 and picked when the program starts (target_clones), so one binary runs everywhere.
#include <stddef.h>

// y[i] = x[i] * a + d, then SiLU when silu != 0. x and y may be the same array.
void csk_affine_silu(const float *x, float *y, ptrdiff_t n, float a, float d, int silu);
// In-place softmax of one row; a row of only -inf becomes all zeros.
void csk_softmax_row(float *p, ptrdiff_t n);
// y[i] = x[i] * sigmoid(x[i] * k): SiLU for k = 1, OpenAI's quick GELU for k = 1.702.
void csk_sigmoid_gate(const float *x, float *y, ptrdiff_t n, float k);
// Sum and sum of squared deviations from `mean`, accumulated in double (normalisation statistics).
double csk_sum(const float *x, ptrdiff_t n);
double csk_squared_deviation(const float *x, ptrdiff_t n, double mean);
// Index of the first NaN or infinity in x[0..<n], or -1: the finite check on weights and on each
// stage's output, a pass at memory speed.
ptrdiff_t csk_first_nonfinite(const float *x, ptrdiff_t n);
#endif
