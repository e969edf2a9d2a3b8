#include "ckernels.h"
#include "clones.h"
#include "exp_approx.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

CLONES void csk_affine_silu(const float *x, float *y, ptrdiff_t n, float a, float d, int silu) {
    if (silu) {
        for (ptrdiff_t i = 0; i < n; i++) {
            const float v = x[i] * a + d;
            y[i] = v / (1.0f + exp_approx(-v));
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) y[i] = x[i] * a + d;
    }
}

CLONES void csk_sigmoid_gate(const float *x, float *y, ptrdiff_t n, float k) {
    for (ptrdiff_t i = 0; i < n; i++) {
        const float v = x[i];
        y[i] = v / (1.0f + exp_approx(-k * v));
    }
}

CLONES void csk_gated_silu(const float *value, const float *gate, float *y, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) {
        const float g = gate[i];
        y[i] = value[i] * (g / (1.0f + exp_approx(-g)));
    }
}

CLONES float csk_softmax_exp_row(float *p, ptrdiff_t n) {
    // Two simple passes (max, exponentials) that each vectorise; the sum runs on reassociated
    // partial sums, which changes the result only in the last bits. The max keeps 16 lanes by
    // comparison: fmaxf's NaN rules kept the compiler from a plain vector max (the pass took as
    // long as the exponentials). A NaN score is skipped by the max either way and reaches the
    // exponentials.
#pragma clang fp reassociate(on)
    float lanes[16];
    for (int k = 0; k < 16; k++) lanes[k] = -INFINITY;
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) lanes[k] = p[i + k] > lanes[k] ? p[i + k] : lanes[k];
    float m = -INFINITY;
    for (int k = 0; k < 16; k++) m = lanes[k] > m ? lanes[k] : m;
    for (; i < n; i++) m = p[i] > m ? p[i] : m;
    if (m == -INFINITY) {
        for (ptrdiff_t j = 0; j < n; j++) p[j] = 0;
        return 0;
    }
    float s = 0;
    for (ptrdiff_t j = 0; j < n; j++) {
        const float e = exp_approx(p[j] - m);
        p[j] = e;
        s += e;
    }
    return s;
}

CLONES void csk_softmax_row(float *p, ptrdiff_t n) {
    const float s = csk_softmax_exp_row(p, n);
    if (s == 0) return;
    const float inv = 1.0f / s;
    for (ptrdiff_t i = 0; i < n; i++) p[i] *= inv;
}

// Double accumulators keep large groups at Float32 parity with PyTorch; their partial sums are
// reassociated so that the loop vectorises.
CLONES double csk_sum(const float *x, ptrdiff_t n) {
#pragma clang fp reassociate(on)
    double s = 0;
    for (ptrdiff_t i = 0; i < n; i++) s += (double)x[i];
    return s;
}

CLONES double csk_squared_deviation(const float *x, ptrdiff_t n, double mean) {
#pragma clang fp reassociate(on)
    double s = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        const double d = (double)x[i] - mean;
        s += d * d;
    }
    return s;
}

// Channels-last (NHWC) rows: each position holds its c channels contiguously, so the loops run
// along the channels and vectorise; the per-channel accumulators are the caller's, one set per
// block of positions, so blocks run on separate threads and sum in a fixed order after.
// Loops over whole 16-channel chunks have a fixed trip count, so each is one AVX-512 vector (two
// AVX2 ones) with no per-position remainder or alias checks; a channel count that is not a
// multiple of 16 takes the general loop. The sums of a chunk stay in registers over all
// positions (accumulating in memory chained every position through a store and a load: 5x
// slower), even and odd positions in two sets to halve the chain of dependent additions.
// Both moments come from one pass about a per-channel shift k, a value of that channel: x - k is
// of the order of the channel's spread, so its square loses nothing to cancellation in double
// (a second pass about the mean read the activations twice).
CLONES void csk_channel_moments(const float *restrict x, ptrdiff_t positions, ptrdiff_t c,
                                const float *restrict shift, double *restrict s1, double *restrict s2) {
    if (c % 16 == 0) {
        for (ptrdiff_t c0 = 0; c0 < c; c0 += 16) {
            double a[2][16] = {{0}}, q[2][16] = {{0}}, k[16];
            for (int j = 0; j < 16; j++) k[j] = (double)shift[c0 + j];
            for (ptrdiff_t p = 0; p < positions; p++) {
                const float *restrict row = x + p * c + c0;
                double *restrict ta = a[p & 1], *restrict tq = q[p & 1];
                for (int j = 0; j < 16; j++) {
                    const double d = (double)row[j] - k[j];
                    ta[j] += d;
                    tq[j] += d * d;
                }
            }
            for (int j = 0; j < 16; j++) {
                s1[c0 + j] += a[0][j] + a[1][j];
                s2[c0 + j] += q[0][j] + q[1][j];
            }
        }
        return;
    }
    for (ptrdiff_t p = 0; p < positions; p++) {
        const float *restrict row = x + p * c;
        for (ptrdiff_t ch = 0; ch < c; ch++) {
            const double d = (double)row[ch] - (double)shift[ch];
            s1[ch] += d;
            s2[ch] += d * d;
        }
    }
}

static inline float affine_silu(float x, float a, float d, int silu) {
    const float v = x * a + d;
    return silu ? v / (1.0f + exp_approx(-v)) : v;
}

CLONES void csk_channel_affine_silu(const float *x, float *y, ptrdiff_t positions, ptrdiff_t c,
                                    const float *restrict a, const float *restrict d, int silu) {
    const int chunked = c % 16 == 0;
    for (ptrdiff_t p = 0; p < positions; p++) {
        const float *row = x + p * c;
        float *out = y + p * c;
        if (chunked) {
            for (ptrdiff_t c0 = 0; c0 < c; c0 += 16) {
                float v[16];
                for (int k = 0; k < 16; k++) v[k] = affine_silu(row[c0 + k], a[c0 + k], d[c0 + k], silu);
                for (int k = 0; k < 16; k++) out[c0 + k] = v[k];
            }
        } else {
            for (ptrdiff_t ch = 0; ch < c; ch++) out[ch] = affine_silu(row[ch], a[ch], d[ch], silu);
        }
    }
}

CLONES void csk_channel_affine_silu_to_blocks(const float *restrict x, float *restrict y, ptrdiff_t positions,
                                              ptrdiff_t c, ptrdiff_t plane, const float *restrict a,
                                              const float *restrict d, int silu) {
    for (ptrdiff_t p = 0; p < positions; p++) {
        const float *row = x + p * c;
        for (ptrdiff_t c0 = 0; c0 < c; c0 += 16) {
            float *out = y + ((c0 / 16) * plane + p) * 16;
            for (int k = 0; k < 16; k++) out[k] = affine_silu(row[c0 + k], a[c0 + k], d[c0 + k], silu);
        }
    }
}

CLONES void csk_concat_rows(const float *const *srcs, const ptrdiff_t *widths, ptrdiff_t inputs, float *restrict dst,
                            ptrdiff_t rows) {
    ptrdiff_t total = 0;
    for (ptrdiff_t k = 0; k < inputs; k++) total += widths[k];
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *out = dst + r * total;
        for (ptrdiff_t k = 0; k < inputs; k++) {
            __builtin_memcpy(out, srcs[k] + r * widths[k], (size_t)widths[k] * sizeof(float));
            out += widths[k];
        }
    }
}

CLONES ptrdiff_t csk_first_nonfinite(const float *x, ptrdiff_t n) {
    // The exponent field is all ones exactly for NaN and infinity; OR-ing a block's exponents
    // first keeps the loop branch-free, and only a block that has one is searched.
    const ptrdiff_t block = 1024;
    for (ptrdiff_t start = 0; start < n; start += block) {
        ptrdiff_t end = start + block < n ? start + block : n;
        unsigned int any = 0;
        for (ptrdiff_t i = start; i < end; i++) {
            unsigned int bits;
            __builtin_memcpy(&bits, x + i, sizeof bits);
            any |= ((bits & 0x7f800000u) == 0x7f800000u);
        }
        if (any) {
            for (ptrdiff_t i = start; i < end; i++) {
                unsigned int bits;
                __builtin_memcpy(&bits, x + i, sizeof bits);
                if ((bits & 0x7f800000u) == 0x7f800000u) return i;
            }
        }
    }
    return -1;
}
