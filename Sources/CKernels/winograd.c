#include "ckernels.h"
#include "clones.h"

// The transforms of Winograd's minimal filtering F(4x4, 3x3) (Lavin & Gray 2015), points 0, ±1, ±2:
//   V = Bᵀ d B (6x6 input tile), U = G g Gᵀ (6x6 from the 3x3 kernel), Y = Aᵀ (Σ U ⊙ V) A (4x4).
// The sums over input channels are 36 GEMMs the caller runs between the input and the output
// transform. The NCHW transforms take tiles eight at a time, one per vector lane, the channels-last
// ones (at the end) one tile at a time over its channels; either way the arithmetic vectorises
// whatever the instruction set (target_clones picks AVX-512, AVX2 or plain x86-64).

#define LANES 8

// G applied along one axis of three values: six outputs.
static inline void g3(float a, float b, float c, float o[6]) {
    o[0] = a * (1.0f / 4);
    o[1] = (a + b + c) * (-1.0f / 6);
    o[2] = (a - b + c) * (-1.0f / 6);
    o[3] = a * (1.0f / 24) + b * (1.0f / 12) + c * (1.0f / 6);
    o[4] = a * (1.0f / 24) - b * (1.0f / 12) + c * (1.0f / 6);
    o[5] = c;
}

// Sixteen input channels at a time, one per vector lane: their 3x3 kernels are read in order and
// turned lane by lane (g3 on every lane, in the same order as one channel at a time), and each of
// the 36 transformed values of the sixteen is one contiguous store. One channel at a time with 36
// scattered stores took five times as long as oneDNN's layout (wino_dnnl_weights.c) in the first
// step of a full-size take.
enum { WEIGHT_LANES = 16 };

CLONES void csk_wino43_weights(const float *w, ptrdiff_t cout, ptrdiff_t cin, ptrdiff_t co, float *u) {
    for (ptrdiff_t c0 = 0; c0 < cin; c0 += WEIGHT_LANES) {
        const ptrdiff_t lanes = cin - c0 < WEIGHT_LANES ? cin - c0 : WEIGHT_LANES;
        float g[9][WEIGHT_LANES];
        const float *src = w + (co * cin + c0) * 9;
        for (ptrdiff_t i = 0; i < WEIGHT_LANES; i++)
            for (int t = 0; t < 9; t++) g[t][i] = i < lanes ? src[i * 9 + t] : 0.f;
        float cols[3][6][WEIGHT_LANES];  // G g, column by column
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < WEIGHT_LANES; i++) {
                float o[6];
                g3(g[c][i], g[3 + c][i], g[6 + c][i], o);
                for (int r = 0; r < 6; r++) cols[c][r][i] = o[r];
            }
        for (int r = 0; r < 6; r++) {  // (G g) Gᵀ, row by row
            float row[6][WEIGHT_LANES];
            for (int i = 0; i < WEIGHT_LANES; i++) {
                float o[6];
                g3(cols[0][r][i], cols[1][r][i], cols[2][r][i], o);
                for (int k = 0; k < 6; k++) row[k][i] = o[k];
            }
            for (int k = 0; k < 6; k++) {
                float *dst = u + ((ptrdiff_t)(r * 6 + k) * cout + co) * cin + c0;
                for (ptrdiff_t i = 0; i < lanes; i++) dst[i] = row[k][i];
            }
        }
    }
}

// Bᵀ applied along one axis of six values, for LANES tiles at once.
// Bᵀ of column k of d[6][width] into column k of o[6][width]; shared by both layouts' loops.
#define BT6_COLUMN(d, o, k) do { \
        const float d0 = d[0][k], d1 = d[1][k], d2 = d[2][k], d3 = d[3][k], d4 = d[4][k], d5 = d[5][k]; \
        o[0][k] = 4 * d0 - 5 * d2 + d4; \
        o[1][k] = -4 * (d1 + d2) + d3 + d4; \
        o[2][k] = 4 * (d1 - d2) - d3 + d4; \
        o[3][k] = 2 * (d3 - d1) - d2 + d4; \
        o[4][k] = 2 * (d1 - d3) - d2 + d4; \
        o[5][k] = 4 * d1 - 5 * d3 + d5; \
    } while (0)

static inline void bt6(const float d[6][LANES], float o[6][LANES]) {
    for (int k = 0; k < LANES; k++) BT6_COLUMN(d, o, k);
}

CLONES void csk_wino43_input(const float *plane, ptrdiff_t h, ptrdiff_t w, ptrdiff_t y0, ptrdiff_t x0,
                             ptrdiff_t count, float *v, ptrdiff_t stride) {
    float d[6][6][LANES], s[6][6][LANES], col[6][LANES], out[6][LANES];
    const int inside = y0 >= 0 && y0 + 6 <= h && x0 >= 0 && x0 + 4 * (count - 1) + 6 <= w;
    for (int r = 0; r < 6; r++) {
        const ptrdiff_t yy = y0 + r;
        const float *row = plane + yy * w;
        for (int c = 0; c < 6; c++) {
            for (int k = 0; k < LANES; k++) {
                const ptrdiff_t xx = x0 + 4 * k + c;
                if (inside) d[r][c][k] = k < count ? row[xx] : 0;
                else d[r][c][k] = (k < count && yy >= 0 && yy < h && xx >= 0 && xx < w) ? row[xx] : 0;
            }
        }
        bt6(d[r], s[r]);  // d B: the columns of row r combined
    }
    for (int j = 0; j < 6; j++) {  // Bᵀ (d B): the rows combined, column by column
        for (int r = 0; r < 6; r++)
            for (int k = 0; k < LANES; k++) col[r][k] = s[r][j][k];
        bt6(col, out);
        for (int i = 0; i < 6; i++) {
            float *dst = v + (ptrdiff_t)(i * 6 + j) * stride;
            for (int k = 0; k < count; k++) dst[k] = out[i][k];
        }
    }
}

// Aᵀ applied along one axis of six values: four outputs.
// Aᵀ of column k of m[6][width] into column k of o[4][width]; shared by both layouts' loops.
#define AT6_COLUMN(m, o, k) do { \
        const float m0 = m[0][k], m1 = m[1][k], m2 = m[2][k], m3 = m[3][k], m4 = m[4][k], m5 = m[5][k]; \
        const float a = m1 + m2, b = m1 - m2, c = m3 + m4, e = m3 - m4; \
        o[0][k] = m0 + a + c; \
        o[1][k] = b + 2 * e; \
        o[2][k] = a + 4 * c; \
        o[3][k] = b + 8 * e + m5; \
    } while (0)

static inline void at6(const float m[6][LANES], float o[4][LANES]) {
    for (int k = 0; k < LANES; k++) AT6_COLUMN(m, o, k);
}

CLONES void csk_wino43_output(const float *m, ptrdiff_t stride, ptrdiff_t count, float bias, float *plane,
                              ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t y0, ptrdiff_t x0) {
    float e[6][6][LANES], s[6][4][LANES], col[6][LANES], out[4][LANES];
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            const float *src = m + (ptrdiff_t)(i * 6 + j) * stride;
            for (int k = 0; k < LANES; k++) e[i][j][k] = k < count ? src[k] : 0;
        }
    }
    for (int i = 0; i < 6; i++) {  // m A: the columns of row i combined
        for (int j = 0; j < 6; j++)
            for (int k = 0; k < LANES; k++) col[j][k] = e[i][j][k];
        at6(col, s[i]);
    }
    for (int c = 0; c < 4; c++) {  // Aᵀ (m A), column by column, written with the bias added
        for (int i = 0; i < 6; i++)
            for (int k = 0; k < LANES; k++) col[i][k] = s[i][c][k];
        at6(col, out);
        for (int r = 0; r < 4; r++) {
            const ptrdiff_t yy = y0 + r;
            if (yy >= oh) break;
            float *row = plane + yy * ow;
            for (int k = 0; k < count; k++) {
                const ptrdiff_t xx = x0 + 4 * k + c;
                if (xx < ow) row[xx] = out[r][k] + bias;
            }
        }
    }
}

// Channels-last (NHWC) transforms: one tile at a time, vectorised over channels, which are
// contiguous in memory both in the activations and in the GEMM operands ([36][tiles][channels]).
// Channels go through in chunks of CHUNK; a chunk's 36 positions stay on the stack (L1).

#define CHUNK 16

// Bᵀ applied along one axis of six values, for n (at most CHUNK) channels at once.
static inline __attribute__((always_inline)) void bt6c(const float d[6][CHUNK], float o[6][CHUNK], int n) {
    for (int k = 0; k < n; k++) BT6_COLUMN(d, o, k);
}

// Aᵀ applied along one axis of six values: four outputs, for n (at most CHUNK) channels at once.
static inline __attribute__((always_inline)) void at6c(const float m[6][CHUNK], float o[4][CHUNK], int n) {
    for (int k = 0; k < n; k++) AT6_COLUMN(m, o, k);
}

// Channels ch..ch+n of one tile. Always inlined, so that with n = CHUNK (every chunk but the
// last) the loops have a constant trip count and vectorise without masks or remainders.
// src[r][j]: the input pixel at tile position (r, j), NULL outside the picture (zero).
static inline __attribute__((always_inline)) void input_chunk(const float *const src[6][6], ptrdiff_t ch, int n,
                                                               float *v, ptrdiff_t stride) {
    float s[6][6][CHUNK], d[6][CHUNK], out[6][CHUNK];
    for (int r = 0; r < 6; r++) {
        for (int j = 0; j < 6; j++) {
            const float *p = src[r][j];
            if (p) for (int k = 0; k < n; k++) d[j][k] = p[ch + k];
            else for (int k = 0; k < n; k++) d[j][k] = 0;
        }
        bt6c(d, s[r], n);  // d B: the columns of row r combined
    }
    for (int j = 0; j < 6; j++) {  // Bᵀ (d B): the rows combined, column by column
        for (int r = 0; r < 6; r++)
            for (int k = 0; k < n; k++) d[r][k] = s[r][j][k];
        bt6c(d, out, n);
        for (int i = 0; i < 6; i++) {
            float *dst = v + (ptrdiff_t)(i * 6 + j) * stride + ch;
            for (int k = 0; k < n; k++) dst[k] = out[i][k];
        }
    }
}

CLONES void csk_wino43_input_nhwc(const float *x, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, ptrdiff_t y0, ptrdiff_t x0,
                                  float *v, ptrdiff_t stride) {
    const float *src[6][6];
    for (int r = 0; r < 6; r++) {
        const ptrdiff_t yy = y0 + r;
        for (int j = 0; j < 6; j++) {
            const ptrdiff_t xx = x0 + j;
            src[r][j] = (yy >= 0 && yy < h && xx >= 0 && xx < w) ? x + (yy * w + xx) * c : 0;
        }
    }
    ptrdiff_t ch = 0;
    for (; ch + CHUNK <= c; ch += CHUNK) input_chunk(src, ch, CHUNK, v, stride);
    if (ch < c) input_chunk(src, ch, (int)(c - ch), v, stride);
}

// Channels ch..ch+n of one tile's output, inlined like input_chunk. dst[r][s]: where output
// (r, s) goes, NULL where it falls outside the picture.
static inline __attribute__((always_inline)) void output_chunk(const float *m, ptrdiff_t stride, const float *bias,
                                                                float *const dst[4][4], ptrdiff_t ch, int n) {
    float s[6][4][CHUNK], e[6][CHUNK], out[4][CHUNK], b[CHUNK];
    for (int k = 0; k < n; k++) b[k] = bias ? bias[ch + k] : 0;
    for (int i = 0; i < 6; i++) {  // m A: the columns of row i combined
        for (int j = 0; j < 6; j++) {
            const float *p = m + (ptrdiff_t)(i * 6 + j) * stride + ch;
            for (int k = 0; k < n; k++) e[j][k] = p[k];
        }
        at6c(e, s[i], n);
    }
    for (int c = 0; c < 4; c++) {  // Aᵀ (m A), column by column, written with the bias added
        for (int i = 0; i < 6; i++)
            for (int k = 0; k < n; k++) e[i][k] = s[i][c][k];
        at6c(e, out, n);
        for (int r = 0; r < 4; r++) {
            float *p = dst[r][c];
            if (p) for (int k = 0; k < n; k++) p[ch + k] = out[r][k] + b[k];
        }
    }
}

CLONES void csk_wino43_output_nhwc(const float *m, ptrdiff_t stride, ptrdiff_t c, const float *bias, float *y,
                                   ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t y0, ptrdiff_t x0) {
    float *dst[4][4];
    for (int r = 0; r < 4; r++) {
        const ptrdiff_t yy = y0 + r;
        for (int s = 0; s < 4; s++) {
            const ptrdiff_t xx = x0 + s;
            dst[r][s] = (yy < oh && xx < ow) ? y + (yy * ow + xx) * c : 0;
        }
    }
    ptrdiff_t ch = 0;
    for (; ch + CHUNK <= c; ch += CHUNK) output_chunk(m, stride, bias, dst, ch, CHUNK);
    if (ch < c) output_chunk(m, stride, bias, dst, ch, (int)(c - ch));
}
