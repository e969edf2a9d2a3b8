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
// The softmax without its division: p[i] = exp(p[i] - max) in place, returning their sum (0 for a
// row of only -inf, which becomes all zeros). Attention divides its output rows instead.
float csk_softmax_exp_row(float *p, ptrdiff_t n);
// y[i] = x[i] * sigmoid(x[i] * k): SiLU for k = 1, OpenAI's quick GELU for k = 1.702.
void csk_sigmoid_gate(const float *x, float *y, ptrdiff_t n, float k);
// y[i] = value[i] * SiLU(gate[i]): the SwiGLU of the prior's feed-forward. y may be value or gate.
void csk_gated_silu(const float *value, const float *gate, float *y, ptrdiff_t n);
// Sum and sum of squared deviations from `mean`, accumulated in double (normalisation statistics).
double csk_sum(const float *x, ptrdiff_t n);
double csk_squared_deviation(const float *x, ptrdiff_t n, double mean);
// Per-channel moments of channels-last rows x[positions][c] about shift[ch], in one pass, added
// in double: s1[ch] += sum of (x - shift[ch]), s2[ch] += sum of (x - shift[ch])^2.
void csk_channel_moments(const float *x, ptrdiff_t positions, ptrdiff_t c, const float *shift, double *s1,
                         double *s2);
// y[p][ch] = x[p][ch] * a[ch] + d[ch], then SiLU when silu != 0, over channels-last rows [positions][c].
// x and y may be the same array.
void csk_channel_affine_silu(const float *x, float *y, ptrdiff_t positions, ptrdiff_t c, const float *a,
                             const float *d, int silu);
// The same from channels-last rows x[positions][c] into oneDNN's 16-channel blocks: channel ch of
// row p goes to y[((ch / 16) * plane + p) * 16 + ch % 16] (plane: the positions of a whole block of
// one sample). c must be a multiple of 16.
void csk_channel_affine_silu_to_blocks(const float *x, float *y, ptrdiff_t positions, ptrdiff_t c,
                                       ptrdiff_t plane, const float *a, const float *d, int silu);
// Row r of dst is row r of each input in turn (srcs[k] has rows of widths[k] floats), for r < rows:
// a concatenation of short rows (channels-last activations) written once, row by row.
void csk_concat_rows(const float *const *srcs, const ptrdiff_t *widths, ptrdiff_t inputs, float *dst,
                     ptrdiff_t rows);
// BigVGAN's anti-aliased Snake/SnakeBeta on one channel's row of `length` samples (snake.c):
// replicate-pad, upsample by 2 with the polyphase taps even/odd (CSK_SNAKE_TAPS / 2 each, read
// from the padded input at evenStart/oddStart), y = u + inverseBeta sin^2(alpha u), low-pass
// with `down` (CSK_SNAKE_TAPS taps) and keep every second sample. scratch holds 3 * length + 20
// floats.
enum { CSK_SNAKE_TAPS = 12 };
void csk_snake_antialiased_row(const float *src, float *dst, ptrdiff_t length, const float *even,
                               const float *odd, ptrdiff_t evenStart, ptrdiff_t oddStart, const float *down,
                               float alpha, float inverseBeta, float *scratch);
// SHA-256's compression of `blocks` whole 64-byte blocks into state (sha256.c), with the CPU's
// SHA instructions where it has them. csk_sha256_blocks_with runs one way on purpose (tests):
// instructions != 0 asks for the SHA instructions and returns 0, doing nothing, without them.
#include <stdint.h>
void csk_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);
int csk_sha256_blocks_with(int instructions, uint32_t state[8], const uint8_t *data, size_t blocks);
int csk_sha256_has_sha_instructions(void);
// oneDNN's 4x3 Winograd weights (its OBaaIBOIio layout, wino_desc's padded oc/ic and blocks) from
// PyTorch's [realOC][realIC][3][3], for output-channel blocks firstBlock..<endBlock (of ocBlock
// channels each); padding channels are zero (wino_dnnl_weights.c). Returns 0, writing nothing,
// for blocks it does not handle (ocBlock over 64, sizes not a multiple of the blocks).
int csk_wino43_dnnl_weights(const float *w, ptrdiff_t realOC, ptrdiff_t realIC, ptrdiff_t oc, ptrdiff_t ic,
                            ptrdiff_t ocBlock, ptrdiff_t icBlock, ptrdiff_t oc2Block, ptrdiff_t ic2Block,
                            float *out, ptrdiff_t firstBlock, ptrdiff_t endBlock);
// Direct 1-D convolution for few channels (conv1d_narrow.c), stride 1, PyTorch's zero padding:
// y[co][t] = bias[co] + sum over ci, tap of w[co][ci][tap] x[ci][t - padding + tap * dilation], for
// output samples start..<end of one item (x [cin][length], y [cout][length]: "same" length).
// Weights are first packed by csk_conv1d_narrow_pack (ceil(cout / 4) * 4 * cin * k floats);
// scratch holds csk_conv1d_narrow_scratch(cin, k, dilation, end - start) floats.
void csk_conv1d_narrow_pack(const float *w, ptrdiff_t cout, ptrdiff_t cin, ptrdiff_t k, float *packed);
ptrdiff_t csk_conv1d_narrow_scratch(ptrdiff_t cin, ptrdiff_t k, ptrdiff_t dilation, ptrdiff_t span);
void csk_conv1d_narrow(const float *x, ptrdiff_t cin, ptrdiff_t length, const float *packed, ptrdiff_t cout,
                       ptrdiff_t k, ptrdiff_t dilation, ptrdiff_t padding, const float *bias, float *y,
                       ptrdiff_t start, ptrdiff_t end, float *scratch);
// Index of the first NaN or infinity in x[0..<n], or -1: the finite check on weights and on each
// stage's output, a pass at memory speed.
ptrdiff_t csk_first_nonfinite(const float *x, ptrdiff_t n);

// Half-float (IEEE float16) weights, read with float32 activations and sums (half.c). The
// instruction set is found when first needed: CSK_ISA_AVX512, CSK_ISA_AVX2 (with FMA and F16C)
// or CSK_ISA_PLAIN; csk_half_isa() says which runs.
#include <stdint.h>
enum { CSK_ISA_PLAIN = 0, CSK_ISA_AVX2 = 1, CSK_ISA_AVX512 = 2 };
int csk_half_isa(void);
int csk_half_isa_supported(int isa);
// Rounded to nearest, ties to even; beyond ±65504 to infinity.
void csk_float_to_half(const float *x, uint16_t *h, ptrdiff_t n);
void csk_half_to_float(const uint16_t *h, float *x, ptrdiff_t n);
// The same rounding in plain C whatever the CPU has, for checking the vector one.
void csk_float_to_half_plain(const float *x, uint16_t *h, ptrdiff_t n);
// Half matrices are stored as panels of CSK_HALF_PANEL output columns, each k-major (half.c);
// a [out, k] matrix takes ceil(out / CSK_HALF_PANEL) * CSK_HALF_PANEL * k halves.
enum { CSK_HALF_PANEL = 16 };
// Packs panels p0..<p1 of the float32 [out, k] matrix w; scratch holds k halves.
void csk_pack_half_panels(const float *w, ptrdiff_t out, ptrdiff_t k, uint16_t *panels,
                          ptrdiff_t p0, ptrdiff_t p1, uint16_t *scratch);
// The packed matrix back as float32 [out, k].
void csk_unpack_half_panels(const uint16_t *panels, ptrdiff_t out, ptrdiff_t k, float *w);
// y[r * ldy + j] = sum over i < k of x[r * k + i] * w[j][i], for r < rows and the columns j of
// panels p0..<p1 (below out): a linear layer (no bias) on packed half weights; threads split the
// panels.
void csk_linear_half(const float *x, ptrdiff_t rows, ptrdiff_t k, const uint16_t *panels,
                     ptrdiff_t out, ptrdiff_t p0, ptrdiff_t p1, float *y, ptrdiff_t ldy);
// The same on one instruction set, for tests; -1 when this CPU does not have it.
int csk_linear_half_isa(int isa, const float *x, ptrdiff_t rows, ptrdiff_t k, const uint16_t *panels,
                        ptrdiff_t out, ptrdiff_t p0, ptrdiff_t p1, float *y, ptrdiff_t ldy);

// y[r * ldy + j] = bias[j] + sum over i < k of x[r * k + i] * w[j * k + i] (bias may be NULL), for
// r < rows and j0 <= j < j1: a linear layer on a few rows, reading the float32 weights [out][k] in
// place at the memory's rate (linear_rows.c); threads split the columns. Instruction sets as above.
void csk_linear_rows(const float *x, ptrdiff_t rows, ptrdiff_t k, const float *w, ptrdiff_t j0, ptrdiff_t j1,
                     const float *bias, float *y, ptrdiff_t ldy);
// The same on one instruction set, for tests; -1 when this CPU does not have it.
int csk_linear_rows_isa(int isa, const float *x, ptrdiff_t rows, ptrdiff_t k, const float *w, ptrdiff_t j0,
                        ptrdiff_t j1, const float *bias, float *y, ptrdiff_t ldy);

// Attention of one head for up to csk_attention_block_rows() query rows, no mask or bias
// (attention_block.c): out[i * ldo + e] = sum_j softmax_j(scale q_i · k_j) v[j * dv + e] for
// i < rows, e < dv, where q_i is q + i * ldq (d values) and k_j is k + j * d, j < lk.
// scratch holds csk_attention_block_scratch(lk, d) floats. -1 (nothing written) unless
// csk_attention_block_available(dv): AVX-512, dv a multiple of 16.
ptrdiff_t csk_attention_block_rows(void);
ptrdiff_t csk_attention_block_scratch(ptrdiff_t lk, ptrdiff_t d);
int csk_attention_block_available(ptrdiff_t dv);
int csk_attention_block(const float *q, ptrdiff_t ldq, ptrdiff_t rows, const float *k, const float *v, ptrdiff_t lk,
                        ptrdiff_t d, ptrdiff_t dv, float scale, float *scratch, float *out, ptrdiff_t ldo);

// Winograd F(4x4, 3x3) transforms (winograd.c); the caller runs the 36 GEMMs between them.
// U[36][cout][cin] = G g Gᵀ for output channel `co` of weights w [cout][cin][3][3].
void csk_wino43_weights(const float *w, ptrdiff_t cout, ptrdiff_t cin, ptrdiff_t co, float *u);
// Bᵀ d B of `count` (at most 8) tiles in a row of one channel plane [h][w]: tile k's 6x6 input
// starts at (y0, x0 + 4k), zero outside the plane; position i of tile k goes to v[i * stride + k].
void csk_wino43_input(const float *plane, ptrdiff_t h, ptrdiff_t w, ptrdiff_t y0, ptrdiff_t x0,
                      ptrdiff_t count, float *v, ptrdiff_t stride);
// Aᵀ m A + bias of `count` (at most 8) tiles, position i of tile k read from m[i * stride + k];
// tile k's 4x4 output lands at (y0, x0 + 4k) of the plane [oh][ow], clipped at its edge.
void csk_wino43_output(const float *m, ptrdiff_t stride, ptrdiff_t count, float bias, float *plane,
                       ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t y0, ptrdiff_t x0);
// Channels-last: Bᵀ d B of one tile of a sample x [h][w][c], all c channels, vectorised over
// channels; the 6x6 input starts at (y0, x0), zero outside the picture; position i, channel ch
// goes to v[i * stride + ch].
void csk_wino43_input_nhwc(const float *x, ptrdiff_t h, ptrdiff_t w, ptrdiff_t c, ptrdiff_t y0, ptrdiff_t x0,
                           float *v, ptrdiff_t stride);
// Channels-last: Aᵀ m A + bias[ch] (bias may be NULL) of one tile, position i channel ch read from
// m[i * stride + ch]; the 4x4 output lands at (y0, x0) of the sample y [oh][ow][c], clipped at its edge.
void csk_wino43_output_nhwc(const float *m, ptrdiff_t stride, ptrdiff_t c, const float *bias, float *y,
                            ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t y0, ptrdiff_t x0);

#endif
