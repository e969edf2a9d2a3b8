#include "ckernels.h"
#include "clones.h"

// The transforms of Winograd's minimal filtering F(4x4, 3x3) (Lavin & Gray 2015), points 0, ±1, ±2:
//   V = Bᵀ d B (6x6 input tile), U = G g Gᵀ (6x6 from the 3x3 kernel), Y = Aᵀ (Σ U ⊙ V) A (4x4).
// The sums over input channels are 36 GEMMs the caller runs between the input and the output
// transform. Tiles are transformed eight at a time, one per vector lane, so the arithmetic
// vectorises whatever the instruction set (target_clones picks AVX-512, AVX2 or plain x86-64).

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

// The loop runs over input channels, whose outputs are contiguous, so it vectorises.
CLONES void csk_wino43_weights(const float *w, ptrdiff_t cout, ptrdiff_t cin, ptrdiff_t co, float *u) {
    for (ptrdiff_t ci = 0; ci < cin; ci++) {
        const float *g = w + (co * cin + ci) * 9;
        float c0[6], c1[6], c2[6];  // G g, column by column
        g3(g[0], g[3], g[6], c0);
        g3(g[1], g[4], g[7], c1);
        g3(g[2], g[5], g[8], c2);
        for (int r = 0; r < 6; r++) {  // (G g) Gᵀ, row by row
            float row[6];
            g3(c0[r], c1[r], c2[r], row);
            for (int j = 0; j < 6; j++) u[((ptrdiff_t)(r * 6 + j) * cout + co) * cin + ci] = row[j];
        }
    }
}

// Bᵀ applied along one axis of six values, for LANES tiles at once.
static inline void bt6(const float d[6][LANES], float o[6][LANES]) {
    for (int k = 0; k < LANES; k++) {
        const float d0 = d[0][k], d1 = d[1][k], d2 = d[2][k], d3 = d[3][k], d4 = d[4][k], d5 = d[5][k];
        o[0][k] = 4 * d0 - 5 * d2 + d4;
        o[1][k] = -4 * (d1 + d2) + d3 + d4;
        o[2][k] = 4 * (d1 - d2) - d3 + d4;
        o[3][k] = 2 * (d3 - d1) - d2 + d4;
        o[4][k] = 2 * (d1 - d3) - d2 + d4;
        o[5][k] = 4 * d1 - 5 * d3 + d5;
    }
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
static inline void at6(const float m[6][LANES], float o[4][LANES]) {
    for (int k = 0; k < LANES; k++) {
        const float m0 = m[0][k], m1 = m[1][k], m2 = m[2][k], m3 = m[3][k], m4 = m[4][k], m5 = m[5][k];
        const float a = m1 + m2, b = m1 - m2, c = m3 + m4, e = m3 - m4;
        o[0][k] = m0 + a + c;
        o[1][k] = b + 2 * e;
        o[2][k] = a + 4 * c;
        o[3][k] = b + 8 * e + m5;
    }
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
