#include "ckernels.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

// Linear layers whose weights are stored as IEEE half floats (float16) and read with float32
// activations and float32 sums: for a network bound by reading its weights (the diffusion prior
// runs 6 rows against 100 M weights a step), half the bytes is about half the time. The
// instruction set is chosen when first called, not at build time: AVX-512 (16 halves a load),
// AVX2 with F16C and FMA (8), or plain C, so one binary runs on every x86-64 machine.

// ---- conversions, exact in plain C ------------------------------------------------------------

static float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);          // infinity, or NaN made quiet as F16C does
        if (mantissa != 0) bits |= 0x400000u;
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;                                           // ±0
    } else {
        // Subnormal: m × 2^-24, normal as a float.
        int e = -1;
        uint32_t m = mantissa;
        do { m <<= 1; e++; } while ((m & 0x400u) == 0);
        bits = sign | ((uint32_t)(112 - e) << 23) | ((m & 0x3ffu) << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

// Round to nearest, ties to even, as F16C's vcvtps2ph with rounding mode 0: overflow to
// infinity, gradual underflow to subnormals, NaN stays NaN (quiet).
static uint16_t float_to_half(float f) {
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    const uint16_t sign = (uint16_t)((bits >> 16) & 0x8000u);
    const uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) {
        if (magnitude == 0x7f800000u) return sign | 0x7c00u;
        return sign | 0x7e00u | (uint16_t)((magnitude >> 13) & 0x3ffu);
    }
    if (magnitude >= 0x477ff000u) return sign | 0x7c00u;     // rounds past 65504
    if (magnitude < 0x38800000u) {
        // Below the smallest normal half (2^-14): a subnormal m × 2^-24, or zero.
        if (magnitude < 0x33000000u) return sign;              // below half the smallest subnormal
        const uint32_t exponent = magnitude >> 23;
        const uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
        const uint32_t shift = 126 - exponent;                 // 14..24 bits more than a normal's 13
        uint32_t h = mantissa >> shift;
        const uint32_t rest = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (h & 1))) h++;
        return sign | (uint16_t)h;
    }
    uint32_t h = ((magnitude - 0x38000000u) >> 13);            // rebias 127 -> 15
    const uint32_t rest = magnitude & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1))) h++;   // a carry into the exponent is right
    return sign | (uint16_t)h;
}

static void to_half_plain(const float *x, uint16_t *h, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) h[i] = float_to_half(x[i]);
}

static void from_half_plain(const uint16_t *h, float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = half_to_float(h[i]);
}

__attribute__((target("avx2,f16c")))
static void to_half_f16c(const float *x, uint16_t *h, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm_storeu_si128((__m128i *)(h + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    }
    for (; i < n; i++) h[i] = float_to_half(x[i]);
}

__attribute__((target("avx2,f16c")))
static void from_half_f16c(const uint16_t *h, float *x, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(h + i))));
    for (; i < n; i++) x[i] = half_to_float(h[i]);
}

// ---- the instruction set ----------------------------------------------------------------------

static int best_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return CSK_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) return CSK_ISA_AVX2;
    return CSK_ISA_PLAIN;
}

int csk_half_isa(void) {
    static int isa = -1;
    if (isa < 0) isa = best_isa();   // a race here writes the same value twice
    return isa;
}

int csk_half_isa_supported(int isa) {
    return isa == CSK_ISA_PLAIN || (isa <= csk_half_isa() && isa >= CSK_ISA_PLAIN);
}

void csk_float_to_half(const float *x, uint16_t *h, ptrdiff_t n) {
    if (csk_half_isa() >= CSK_ISA_AVX2) to_half_f16c(x, h, n); else to_half_plain(x, h, n);
}

void csk_half_to_float(const uint16_t *h, float *x, ptrdiff_t n) {
    if (csk_half_isa() >= CSK_ISA_AVX2) from_half_f16c(h, x, n); else from_half_plain(h, x, n);
}

void csk_float_to_half_plain(const float *x, uint16_t *h, ptrdiff_t n) { to_half_plain(x, h, n); }

// ---- panels: the layout the kernel reads -----------------------------------------------------
//
// A [out, k] matrix is stored as panels of CSK_HALF_PANEL output columns, each panel k-major:
// panel p holds w[p*16 + c][i] at (p*k + i)*16 + c, and the last panel is padded with zeros.
// A panel is one contiguous stream, so a thread's share of the weights is read front to back,
// and the 16 columns of one row i widen to one AVX-512 vector (two AVX2 ones).

void csk_pack_half_panels(const float *w, ptrdiff_t out, ptrdiff_t k, uint16_t *panels,
                          ptrdiff_t p0, ptrdiff_t p1, uint16_t *scratch) {
    for (ptrdiff_t p = p0; p < p1; p++) {
        uint16_t *panel = panels + p * k * CSK_HALF_PANEL;
        for (ptrdiff_t c = 0; c < CSK_HALF_PANEL; c++) {
            const ptrdiff_t j = p * CSK_HALF_PANEL + c;
            if (j < out) {
                csk_float_to_half(w + j * k, scratch, k);
                for (ptrdiff_t i = 0; i < k; i++) panel[i * CSK_HALF_PANEL + c] = scratch[i];
            } else {
                for (ptrdiff_t i = 0; i < k; i++) panel[i * CSK_HALF_PANEL + c] = 0;
            }
        }
    }
}

void csk_unpack_half_panels(const uint16_t *panels, ptrdiff_t out, ptrdiff_t k, float *w) {
    for (ptrdiff_t j = 0; j < out; j++) {
        const uint16_t *column = panels + (j / CSK_HALF_PANEL) * k * CSK_HALF_PANEL + j % CSK_HALF_PANEL;
        for (ptrdiff_t i = 0; i < k; i++) w[j * k + i] = half_to_float(column[i * CSK_HALF_PANEL]);
    }
}

// ---- y = x W^T for a few rows -----------------------------------------------------------------
//
// For each panel and each group of up to 6 activation rows: one sum vector per row and 16
// columns, and for each i the panel's row i widened once and multiplied by x[r][i] broadcast
// for every row of the group. No horizontal sums: each lane is one output column. A panel is
// 24 KB for k = 768 (96 KB for 3072), so a second row group reads it from L2, not memory.

#define ROW_GROUP 6

static void panel_plain(const float *x, int R, ptrdiff_t k, const uint16_t *panel, float *y /* [R][16] */) {
    for (int r = 0; r < R; r++)
        for (int c = 0; c < CSK_HALF_PANEL; c++) y[r * CSK_HALF_PANEL + c] = 0;
    for (ptrdiff_t i = 0; i < k; i++) {
        for (int c = 0; c < CSK_HALF_PANEL; c++) {
            const float v = half_to_float(panel[i * CSK_HALF_PANEL + c]);
            for (int r = 0; r < R; r++) y[r * CSK_HALF_PANEL + c] += x[r * k + i] * v;
        }
    }
}

// R is a constant at each call below, so the loops over the rows unroll into registers.
__attribute__((target("avx512f,avx2,fma,f16c"), always_inline))
static inline void panel_avx512(const float *x, int R, ptrdiff_t k, const uint16_t *panel, float *y) {
    __m512 a[ROW_GROUP];
    for (int r = 0; r < R; r++) a[r] = _mm512_setzero_ps();
    for (ptrdiff_t i = 0; i < k; i++) {
        if ((i & 1) == 0) _mm_prefetch((const char *)(panel + i * CSK_HALF_PANEL) + 2048, _MM_HINT_T0);
        const __m512 v = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(panel + i * CSK_HALF_PANEL)));
        for (int r = 0; r < R; r++) a[r] = _mm512_fmadd_ps(_mm512_set1_ps(x[r * k + i]), v, a[r]);
    }
    for (int r = 0; r < R; r++) _mm512_storeu_ps(y + r * CSK_HALF_PANEL, a[r]);
}

__attribute__((target("avx2,fma,f16c"), always_inline))
static inline void panel_avx2(const float *x, int R, ptrdiff_t k, const uint16_t *panel, float *y) {
    __m256 lo[ROW_GROUP], hi[ROW_GROUP];
    for (int r = 0; r < R; r++) { lo[r] = _mm256_setzero_ps(); hi[r] = _mm256_setzero_ps(); }
    for (ptrdiff_t i = 0; i < k; i++) {
        const uint16_t *row = panel + i * CSK_HALF_PANEL;
        const __m256 v0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)row));
        const __m256 v1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + 8)));
        for (int r = 0; r < R; r++) {
            const __m256 b = _mm256_broadcast_ss(x + r * k + i);
            lo[r] = _mm256_fmadd_ps(b, v0, lo[r]);
            hi[r] = _mm256_fmadd_ps(b, v1, hi[r]);
        }
    }
    for (int r = 0; r < R; r++) {
        _mm256_storeu_ps(y + r * CSK_HALF_PANEL, lo[r]);
        _mm256_storeu_ps(y + r * CSK_HALF_PANEL + 8, hi[r]);
    }
}

// Panels p0..<p1 for every row; a panel's sums go through a small buffer, so the padded
// columns of the last panel are never written to y.
#define DEFINE_LINEAR(NAME, ATTRIBUTES, PANEL)                                                        \
    ATTRIBUTES                                                                                        \
    static void NAME(const float *x, ptrdiff_t rows, ptrdiff_t k, const uint16_t *panels,             \
                     ptrdiff_t out, ptrdiff_t p0, ptrdiff_t p1, float *y, ptrdiff_t ldy) {            \
        float sums[ROW_GROUP * CSK_HALF_PANEL];                                                       \
        for (ptrdiff_t p = p0; p < p1; p++) {                                                         \
            const uint16_t *panel = panels + p * k * CSK_HALF_PANEL;                                  \
            const ptrdiff_t j0 = p * CSK_HALF_PANEL;                                                  \
            const ptrdiff_t width = out - j0 < CSK_HALF_PANEL ? out - j0 : CSK_HALF_PANEL;            \
            for (ptrdiff_t r0 = 0; r0 < rows; r0 += ROW_GROUP) {                                      \
                const int R = rows - r0 >= ROW_GROUP ? ROW_GROUP : (int)(rows - r0);                  \
                const float *xr = x + r0 * k;                                                         \
                switch (R) {                                                                          \
                case 6: PANEL(xr, 6, k, panel, sums); break;                                          \
                case 5: PANEL(xr, 5, k, panel, sums); break;                                          \
                case 4: PANEL(xr, 4, k, panel, sums); break;                                          \
                case 3: PANEL(xr, 3, k, panel, sums); break;                                          \
                case 2: PANEL(xr, 2, k, panel, sums); break;                                          \
                default: PANEL(xr, 1, k, panel, sums); break;                                         \
                }                                                                                     \
                for (int r = 0; r < R; r++)                                                           \
                    memcpy(y + (r0 + r) * ldy + j0, sums + r * CSK_HALF_PANEL, (size_t)width * sizeof(float)); \
            }                                                                                         \
        }                                                                                             \
    }

DEFINE_LINEAR(linear_plain, , panel_plain)
DEFINE_LINEAR(linear_avx2, __attribute__((target("avx2,fma,f16c"))), panel_avx2)
DEFINE_LINEAR(linear_avx512, __attribute__((target("avx512f,avx2,fma,f16c"))), panel_avx512)

int csk_linear_half_isa(int isa, const float *x, ptrdiff_t rows, ptrdiff_t k, const uint16_t *panels,
                        ptrdiff_t out, ptrdiff_t p0, ptrdiff_t p1, float *y, ptrdiff_t ldy) {
    if (!csk_half_isa_supported(isa)) return -1;
    switch (isa) {
    case CSK_ISA_AVX512: linear_avx512(x, rows, k, panels, out, p0, p1, y, ldy); break;
    case CSK_ISA_AVX2: linear_avx2(x, rows, k, panels, out, p0, p1, y, ldy); break;
    default: linear_plain(x, rows, k, panels, out, p0, p1, y, ldy); break;
    }
    return 0;
}

void csk_linear_half(const float *x, ptrdiff_t rows, ptrdiff_t k, const uint16_t *panels,
                     ptrdiff_t out, ptrdiff_t p0, ptrdiff_t p1, float *y, ptrdiff_t ldy) {
    (void)csk_linear_half_isa(csk_half_isa(), x, rows, k, panels, out, p0, p1, y, ldy);
}
