#include "ckernels.h"
#include "clones.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// e^x for float, vectorisable: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), e^r by a
// degree-6 polynomial, 2^n through the exponent bits. Relative error below 2e-7 over the finite
// range; below -87.3 the result flushes to 0, above 88.7 it saturates to the largest float's order.
static inline float exp_approx(float x) {
    // Below the clamp the exponential underflows: exactly 0, as for -inf (masked scores).
    const int underflow = x < -87.3f;
    x = x < -87.3f ? -87.3f : (x > 88.7f ? 88.7f : x);
    const float n = nearbyintf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r + n * 2.12194440e-4f;
    float p = 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return underflow ? 0.0f : p * scale;
}

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

CLONES void csk_softmax_row(float *p, ptrdiff_t n) {
    // Three simple passes (max, exponentials, scale) that each vectorise; the sums run on
    // reassociated partial sums, which changes the result only in the last bits.
#pragma clang fp reassociate(on)
    float m = -INFINITY;
    for (ptrdiff_t i = 0; i < n; i++) m = fmaxf(m, p[i]);
    if (m == -INFINITY) {
        for (ptrdiff_t i = 0; i < n; i++) p[i] = 0;
        return;
    }
    float s = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        const float e = exp_approx(p[i] - m);
        p[i] = e;
        s += e;
    }
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
