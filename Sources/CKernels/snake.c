#include "ckernels.h"
#include "clones.h"

#include <math.h>
#include <stdint.h>

// BigVGAN's anti-aliased Snake, one channel's row at a time, vectorised along time. The scalar
// form spent most of its time in libm's sinf (two calls a sample); here sin^2 is a polynomial.

// sin^2(x): the period is pi, so x is reduced modulo pi (Cody-Waite, pi in three parts whose
// products with n up to 2^12 are exact) and the sign of sin(r) never matters. sin(r) on
// [-pi/2, pi/2] by its Taylor series to r^13 (truncation below 1e-9). Valid for |x| <= 8192;
// the caller redoes a row with libm when an argument is larger.
static inline float sin_squared(float x) {
    const float n = nearbyintf(x * 0.318309886183790672f);
    float r = x - n * 3.140625f;
    r = r - n * 9.67502593994140625e-4f;
    r = r - n * 1.509957990978376432e-7f;
    const float r2 = r * r;
    float p = 1.0f / 6227020800.0f;
    p = p * r2 - 1.0f / 39916800.0f;
    p = p * r2 + 1.0f / 362880.0f;
    p = p * r2 - 1.0f / 5040.0f;
    p = p * r2 + 1.0f / 120.0f;
    p = p * r2 - 1.0f / 6.0f;
    const float s = r + r * r2 * p;
    return s * s;
}

static void fill(float *p, ptrdiff_t n, float v) {
    for (ptrdiff_t i = 0; i < n; i++) p[i] = v;
}

CLONES void csk_snake_antialiased_row(const float *restrict src, float *restrict dst, ptrdiff_t length,
                                      const float *restrict even, const float *restrict odd,
                                      ptrdiff_t evenStart, ptrdiff_t oddStart, const float *restrict down,
                                      float alpha, float inverseBeta, float *restrict scratch) {
    enum { half = CSK_SNAKE_TAPS / 2, pad = half - 1 };
    const ptrdiff_t L = length;
    // The replicate-padded input, then the doubled-rate signal split into its even and odd
    // samples (u[2q] = ue[q], u[2q+1] = uo[q]) with the downsampler's replicate padding around
    // them, so that every loop below reads contiguous memory.
    float *restrict padded = scratch;
    float *restrict ue = padded + L + 2 * pad;
    float *restrict uo = ue + L + 5;
    fill(padded, pad, src[0]);
    for (ptrdiff_t i = 0; i < L; i++) padded[pad + i] = src[i];
    fill(padded + pad + L, pad, src[L - 1]);

    float *restrict e = ue + 2, *restrict o = uo + 3;
    const float *restrict pe = padded + evenStart, *restrict po = padded + oddStart;
    int large = 0;
    for (ptrdiff_t q = 0; q < L; q++) {
        float ve = 0, vo = 0;
        for (int t = 0; t < half; t++) {
            ve += pe[q + t] * even[t];
            vo += po[q + t] * odd[t];
        }
        const float ae = ve * alpha, ao = vo * alpha;
        large |= (fabsf(ae) > 8192.0f) | (fabsf(ao) > 8192.0f);
        e[q] = ve + inverseBeta * sin_squared(ae);
        o[q] = vo + inverseBeta * sin_squared(ao);
    }
    if (large) {
        for (ptrdiff_t q = 0; q < L; q++) {
            float ve = 0, vo = 0;
            for (int t = 0; t < half; t++) {
                ve += pe[q + t] * even[t];
                vo += po[q + t] * odd[t];
            }
            const float se = sinf(ve * alpha), so = sinf(vo * alpha);
            e[q] = ve + inverseBeta * se * se;
            o[q] = vo + inverseBeta * so * so;
        }
    }
    // Left of the signal is u[0], right of it u[2L - 1].
    fill(ue, 2, e[0]);
    fill(uo, 3, e[0]);
    fill(e + L, 3, o[L - 1]);
    fill(o + L, 2, o[L - 1]);
    // dst[j] = sum_t down[t] u[2j + t - K/2 + 1]: odd taps read the even samples, even taps the odd.
    for (ptrdiff_t j = 0; j < L; j++) {
        float acc = 0;
        for (int t = 0; t < half; t++) {
            acc += o[j + t - 3] * down[2 * t];
            acc += e[j + t - 2] * down[2 * t + 1];
        }
        dst[j] = acc;
    }
}
