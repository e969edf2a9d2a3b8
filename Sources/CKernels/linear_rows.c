#include "ckernels.h"

#include <immintrin.h>
#include <stddef.h>

// y = x Wᵀ (+ bias) for a few rows of x against a weight matrix W [out][k] as nn.Linear stores
// it. A few rows against many weights is a read of the weights: the diffusion prior multiplies 6
// rows by 100 M weights a step, CLIP's text tower 13 by 85 M. oneDNN's sgemm reads them at about
// half the memory's rate there (14 of 27 GB/s on two cores, bench/README.md), because it packs
// them for a GEMM that never comes. Here each output column is a dot product over W's own rows,
// read once, in place: a group of columns times a group of rows, one vector sum per pair, and
// the rows of the next group of columns prefetched while this one is summed, so each core keeps
// enough reads in flight to stream at its share of the memory's rate.
//
// A row's sums do not depend on the other rows, the number of rows or the threads (threads split
// the columns), so a take is the same on any machine of the same instruction set.

#define ROW_GROUP 6

// AVX-512: 4 columns × 6 rows = 24 sums, with 4 weight vectors and one row vector in registers.
#define COLUMNS_512 4

__attribute__((target("avx512f,avx2,fma"), always_inline))
static inline void dots_avx512(const float *x, const int R, ptrdiff_t k, const float *w, const int C,
                               const float *next, const float *bias, float *y, ptrdiff_t ldy) {
    __m512 acc[COLUMNS_512][ROW_GROUP];
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++) acc[c][r] = _mm512_setzero_ps();
    ptrdiff_t i = 0;
    for (; i + 16 <= k; i += 16) {
        if (next)
            for (int c = 0; c < C; c++) _mm_prefetch((const char *)(next + c * k + i), _MM_HINT_T0);
        __m512 wv[COLUMNS_512];
        for (int c = 0; c < C; c++) wv[c] = _mm512_loadu_ps(w + c * k + i);
        for (int r = 0; r < R; r++) {
            const __m512 xv = _mm512_loadu_ps(x + r * k + i);
            for (int c = 0; c < C; c++) acc[c][r] = _mm512_fmadd_ps(wv[c], xv, acc[c][r]);
        }
    }
    if (i < k) {
        const __mmask16 m = (__mmask16)((1u << (k - i)) - 1);
        __m512 wv[COLUMNS_512];
        for (int c = 0; c < C; c++) wv[c] = _mm512_maskz_loadu_ps(m, w + c * k + i);
        for (int r = 0; r < R; r++) {
            const __m512 xv = _mm512_maskz_loadu_ps(m, x + r * k + i);
            for (int c = 0; c < C; c++) acc[c][r] = _mm512_fmadd_ps(wv[c], xv, acc[c][r]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) y[r * ldy + c] = (bias ? bias[c] : 0.0f) + _mm512_reduce_add_ps(acc[c][r]);
}

// AVX2 has 16 registers: 2 columns × 6 rows = 12 sums, 2 weight vectors, one row vector.
#define COLUMNS_256 2

__attribute__((target("avx2,fma"), always_inline))
static inline float sum_lanes_avx2(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"), always_inline))
static inline void dots_avx2(const float *x, const int R, ptrdiff_t k, const float *w, const int C,
                             const float *next, const float *bias, float *y, ptrdiff_t ldy) {
    __m256 acc[COLUMNS_256][ROW_GROUP];
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++) acc[c][r] = _mm256_setzero_ps();
    ptrdiff_t i = 0;
    for (; i + 8 <= k; i += 8) {
        // One line (16 floats) ahead per column every other vector.
        if (next && (i & 8) == 0)
            for (int c = 0; c < C; c++) _mm_prefetch((const char *)(next + c * k + i), _MM_HINT_T0);
        __m256 wv[COLUMNS_256];
        for (int c = 0; c < C; c++) wv[c] = _mm256_loadu_ps(w + c * k + i);
        for (int r = 0; r < R; r++) {
            const __m256 xv = _mm256_loadu_ps(x + r * k + i);
            for (int c = 0; c < C; c++) acc[c][r] = _mm256_fmadd_ps(wv[c], xv, acc[c][r]);
        }
    }
    if (i < k) {
        const int left = (int)(k - i);
        const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        __m256 wv[COLUMNS_256];
        for (int c = 0; c < C; c++) wv[c] = _mm256_maskload_ps(w + c * k + i, m);
        for (int r = 0; r < R; r++) {
            const __m256 xv = _mm256_maskload_ps(x + r * k + i, m);
            for (int c = 0; c < C; c++) acc[c][r] = _mm256_fmadd_ps(wv[c], xv, acc[c][r]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) y[r * ldy + c] = (bias ? bias[c] : 0.0f) + sum_lanes_avx2(acc[c][r]);
}

static void dots_plain(const float *x, const int R, ptrdiff_t k, const float *w, const int C,
                       const float *next, const float *bias, float *y, ptrdiff_t ldy) {
    (void)next;
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++) {
            float s = 0;
            for (ptrdiff_t i = 0; i < k; i++) s += x[r * k + i] * w[c * k + i];
            y[r * ldy + c] = (bias ? bias[c] : 0.0f) + s;
        }
}

// Columns j0..<j1 for every row, a group of COLUMNS at a time (single columns at the end). The
// row count and the group width are constants at each call of DOTS, so its loops unroll into
// registers; the next group's rows are prefetched only within j0..<j1, the caller's share.
#define DEFINE_LINEAR_ROWS(NAME, ATTRIBUTES, DOTS, COLUMNS)                                              \
    ATTRIBUTES                                                                                          \
    static void NAME(const float *x, ptrdiff_t rows, ptrdiff_t k, const float *w, ptrdiff_t j0,          \
                     ptrdiff_t j1, const float *bias, float *y, ptrdiff_t ldy) {                        \
        for (ptrdiff_t j = j0; j < j1;) {                                                               \
            const int C = j1 - j >= COLUMNS ? COLUMNS : 1;                                              \
            const float *wj = w + j * k, *next = j + 2 * C <= j1 ? wj + C * k : NULL;                   \
            const float *bj = bias ? bias + j : NULL;                                                   \
            for (ptrdiff_t r0 = 0; r0 < rows; r0 += ROW_GROUP) {                                        \
                const int R = rows - r0 >= ROW_GROUP ? ROW_GROUP : (int)(rows - r0);                    \
                const float *xr = x + r0 * k, *pf = r0 == 0 ? next : NULL;                              \
                float *yr = y + r0 * ldy + j;                                                           \
                switch (R * 8 + (C == COLUMNS)) {                                                       \
                case 6 * 8 + 1: DOTS(xr, 6, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 5 * 8 + 1: DOTS(xr, 5, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 4 * 8 + 1: DOTS(xr, 4, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 3 * 8 + 1: DOTS(xr, 3, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 2 * 8 + 1: DOTS(xr, 2, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 1 * 8 + 1: DOTS(xr, 1, k, wj, COLUMNS, pf, bj, yr, ldy); break;                    \
                case 6 * 8: DOTS(xr, 6, k, wj, 1, pf, bj, yr, ldy); break;                              \
                case 5 * 8: DOTS(xr, 5, k, wj, 1, pf, bj, yr, ldy); break;                              \
                case 4 * 8: DOTS(xr, 4, k, wj, 1, pf, bj, yr, ldy); break;                              \
                case 3 * 8: DOTS(xr, 3, k, wj, 1, pf, bj, yr, ldy); break;                              \
                case 2 * 8: DOTS(xr, 2, k, wj, 1, pf, bj, yr, ldy); break;                              \
                default: DOTS(xr, 1, k, wj, 1, pf, bj, yr, ldy); break;                                 \
                }                                                                                       \
            }                                                                                           \
            j += C;                                                                                     \
        }                                                                                               \
    }

DEFINE_LINEAR_ROWS(linear_rows_plain, , dots_plain, 1)
DEFINE_LINEAR_ROWS(linear_rows_avx2, __attribute__((target("avx2,fma"))), dots_avx2, COLUMNS_256)
DEFINE_LINEAR_ROWS(linear_rows_avx512, __attribute__((target("avx512f,avx2,fma"))), dots_avx512, COLUMNS_512)

int csk_linear_rows_isa(int isa, const float *x, ptrdiff_t rows, ptrdiff_t k, const float *w, ptrdiff_t j0,
                        ptrdiff_t j1, const float *bias, float *y, ptrdiff_t ldy) {
    if (!csk_half_isa_supported(isa)) return -1;
    switch (isa) {
    case CSK_ISA_AVX512: linear_rows_avx512(x, rows, k, w, j0, j1, bias, y, ldy); break;
    case CSK_ISA_AVX2: linear_rows_avx2(x, rows, k, w, j0, j1, bias, y, ldy); break;
    default: linear_rows_plain(x, rows, k, w, j0, j1, bias, y, ldy); break;
    }
    return 0;
}

void csk_linear_rows(const float *x, ptrdiff_t rows, ptrdiff_t k, const float *w, ptrdiff_t j0, ptrdiff_t j1,
                     const float *bias, float *y, ptrdiff_t ldy) {
    (void)csk_linear_rows_isa(csk_half_isa(), x, rows, k, w, j0, j1, bias, y, ldy);
}
