#include "ckernels.h"
#include "exp_approx.h"

#include <immintrin.h>
#include <math.h>
#include <stddef.h>

// Self-attention of one head for a block of up to 64 query rows, without mask or bias: what
// the U-Net's and CLIP's image tower's attention layers ask for. The general path (two sgemm
// calls around a row softmax) packs the keys and values again for every block of rows, and its
// first product, k = 64 deep, spends as long packing as summing. Here neither is packed: the
// scores are made transposed, keys × queries, so a key's elements are broadcast against vectors
// of queries, the softmax runs down the columns on whole vectors, and the weighted sum of values
// broadcasts a query's weight against vectors of a value row. Keys and values are read in place,
// once per block from cache; the queries, scaled, are laid out transposed in a small scratch.
// The queries and the output are runs of rows with their own stride, so the queries are read
// where a linear layer put them, side by side in each token's row, and the output is written
// merged, as the output projection reads it: no permutes around the attention. Keys and values
// come as rows of their own (the caller gathers a head's once for all its blocks: read in place
// from a fused projection, 1,152 floats apart, they spread over megabytes and ran 1.4x slower).
//
// AVX-512 only: elsewhere the caller keeps the sgemm path (csk_attention_block returns -1).

#define QUERIES 64  // queries per block: four vectors across a row of transposed scores
#define KEY_GROUP 6  // keys (then queries) per tile: 6 × 4 sums in registers

// Scores of keys j..j+J against the block's queries (qt: [d][QUERIES], already scaled), stored
// transposed in st [lk][QUERIES]; the running column maxima in mx.
__attribute__((target("avx512f"), always_inline))
static inline void score_tile(const float *k, ptrdiff_t d, const float *qt, const int J, float *st,
                              __m512 *mx) {
    __m512 acc[KEY_GROUP][4];
    for (int r = 0; r < J; r++)
        for (int c = 0; c < 4; c++) acc[r][c] = _mm512_setzero_ps();
    for (ptrdiff_t t = 0; t < d; t++) {
        __m512 qv[4];
        for (int c = 0; c < 4; c++) qv[c] = _mm512_loadu_ps(qt + t * QUERIES + 16 * c);
        for (int r = 0; r < J; r++) {
            const __m512 kb = _mm512_set1_ps(k[r * d + t]);
            for (int c = 0; c < 4; c++) acc[r][c] = _mm512_fmadd_ps(kb, qv[c], acc[r][c]);
        }
    }
    for (int r = 0; r < J; r++)
        for (int c = 0; c < 4; c++) {
            _mm512_storeu_ps(st + r * QUERIES + 16 * c, acc[r][c]);
            mx[c] = _mm512_max_ps(mx[c], acc[r][c]);
        }
}

// Rows i..i+I of the output, value columns e..e+16·E: the weights of the I queries (columns of
// st) against each value row in turn, divided by the queries' sums at the end.
__attribute__((target("avx512f"), always_inline))
static inline void value_tile(const float *st, ptrdiff_t lk, const float *v, ptrdiff_t dv, const int I,
                              const int E, const float *inverse, float *out, ptrdiff_t ldo) {
    __m512 acc[KEY_GROUP][4];
    for (int r = 0; r < I; r++)
        for (int c = 0; c < E; c++) acc[r][c] = _mm512_setzero_ps();
    for (ptrdiff_t j = 0; j < lk; j++) {
        __m512 vv[4];
        for (int c = 0; c < E; c++) vv[c] = _mm512_loadu_ps(v + j * dv + 16 * c);
        for (int r = 0; r < I; r++) {
            const __m512 pb = _mm512_set1_ps(st[j * QUERIES + r]);
            for (int c = 0; c < E; c++) acc[r][c] = _mm512_fmadd_ps(pb, vv[c], acc[r][c]);
        }
    }
    for (int r = 0; r < I; r++)
        for (int c = 0; c < E; c++)
            _mm512_storeu_ps(out + r * ldo + 16 * c, _mm512_mul_ps(acc[r][c], _mm512_set1_ps(inverse[r])));
}

#define SCORE_CASE(N) case N: score_tile(kj, d, qt, N, st + j * QUERIES, mx); break;
#define VALUE_CASE(N, E) \
    case N * 8 + E: value_tile(st + i, lk, v + e, dv, N, E, inverse + i, out + i * ldo + e, ldo); break;

__attribute__((target("avx512f")))
static void attention_block_avx512(const float *q, ptrdiff_t ldq, ptrdiff_t rows, const float *k, const float *v,
                                   ptrdiff_t lk, ptrdiff_t d, ptrdiff_t dv, float scale,
                                   float *scratch, float *out, ptrdiff_t ldo) {
    float *qt = scratch, *st = scratch + d * QUERIES;
    float inverse[QUERIES];
    for (ptrdiff_t t = 0; t < d; t++)
        for (ptrdiff_t c = 0; c < QUERIES; c++) qt[t * QUERIES + c] = c < rows ? q[c * ldq + t] * scale : 0.0f;
    __m512 mx[4];
    for (int c = 0; c < 4; c++) mx[c] = _mm512_set1_ps(-INFINITY);
    for (ptrdiff_t j = 0; j < lk; j += KEY_GROUP) {
        const float *kj = k + j * d;
        switch (lk - j >= KEY_GROUP ? KEY_GROUP : (int)(lk - j)) {
            SCORE_CASE(6) SCORE_CASE(5) SCORE_CASE(4) SCORE_CASE(3) SCORE_CASE(2) default: score_tile(kj, d, qt, 1, st + j * QUERIES, mx);
        }
    }
    // Down the columns: a row of scores is QUERIES lanes, each its own query's softmax.
    float maxima[QUERIES], sums[QUERIES] = {0};
    for (int c = 0; c < 4; c++) _mm512_storeu_ps(maxima + 16 * c, mx[c]);
    for (ptrdiff_t j = 0; j < lk; j++) {
        float *row = st + j * QUERIES;
        for (int c = 0; c < QUERIES; c++) {
            const float e = exp_approx(row[c] - maxima[c]);
            row[c] = e;
            sums[c] += e;
        }
    }
    for (int c = 0; c < QUERIES; c++) inverse[c] = 1.0f / sums[c];
    for (ptrdiff_t i = 0; i < rows; i += KEY_GROUP) {
        const int n = rows - i >= KEY_GROUP ? KEY_GROUP : (int)(rows - i);
        for (ptrdiff_t e = 0; e < dv; e += 64) {
            const int vectors = dv - e >= 64 ? 4 : (int)((dv - e) / 16);
            switch (n * 8 + vectors) {
                VALUE_CASE(6, 4) VALUE_CASE(5, 4) VALUE_CASE(4, 4) VALUE_CASE(3, 4) VALUE_CASE(2, 4) VALUE_CASE(1, 4)
                VALUE_CASE(6, 3) VALUE_CASE(5, 3) VALUE_CASE(4, 3) VALUE_CASE(3, 3) VALUE_CASE(2, 3) VALUE_CASE(1, 3)
                VALUE_CASE(6, 2) VALUE_CASE(5, 2) VALUE_CASE(4, 2) VALUE_CASE(3, 2) VALUE_CASE(2, 2) VALUE_CASE(1, 2)
                VALUE_CASE(6, 1) VALUE_CASE(5, 1) VALUE_CASE(4, 1) VALUE_CASE(3, 1) VALUE_CASE(2, 1) VALUE_CASE(1, 1)
            default: break;
            }
        }
    }
}

ptrdiff_t csk_attention_block_scratch(ptrdiff_t lk, ptrdiff_t d) { return (d + lk) * QUERIES; }

ptrdiff_t csk_attention_block_rows(void) { return QUERIES; }

int csk_attention_block(const float *q, ptrdiff_t ldq, ptrdiff_t rows, const float *k, const float *v, ptrdiff_t lk, ptrdiff_t d, ptrdiff_t dv, float scale, float *scratch, float *out,
                        ptrdiff_t ldo) {
    if (!csk_attention_block_available(dv) || rows < 1 || rows > QUERIES || lk < 1 || d < 1) return -1;
    attention_block_avx512(q, ldq, rows, k, v, lk, d, dv, scale, scratch, out, ldo);
    return 0;
}

int csk_attention_block_available(ptrdiff_t dv) { return csk_half_isa() == CSK_ISA_AVX512 && dv >= 16 && dv % 16 == 0; }
