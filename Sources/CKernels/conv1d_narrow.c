#include "ckernels.h"
#include "clones.h"

#include <string.h>

// A direct 1-D convolution for few channels (BigVGAN's last stages: 24 and 48 channels over
// tens of thousands of samples). oneDNN pads such channel counts to its 16-channel blocks and
// ran these layers at 9-26 GFLOP/s; here a register tile of 4 output channels x 64 samples
// accumulates over every input channel and tap, the input tile zero-padded once.

enum { lanesOut = 4, tile = 64 };

void csk_conv1d_narrow_pack(const float *w, ptrdiff_t cout, ptrdiff_t cin, ptrdiff_t k, float *packed) {
    // packed[co / 4][ci][k][co % 4], zero for channels past cout.
    const ptrdiff_t groups = (cout + lanesOut - 1) / lanesOut;
    for (ptrdiff_t g = 0; g < groups; g++)
        for (ptrdiff_t ci = 0; ci < cin; ci++)
            for (ptrdiff_t t = 0; t < k; t++)
                for (ptrdiff_t j = 0; j < lanesOut; j++) {
                    const ptrdiff_t co = g * lanesOut + j;
                    packed[((g * cin + ci) * k + t) * lanesOut + j] = co < cout ? w[(co * cin + ci) * k + t] : 0.f;
                }
}

ptrdiff_t csk_conv1d_narrow_scratch(ptrdiff_t cin, ptrdiff_t k, ptrdiff_t dilation, ptrdiff_t span) {
    const ptrdiff_t tiles = (span + tile - 1) / tile;
    return cin * (tiles * tile + (k - 1) * dilation);
}

CLONES void csk_conv1d_narrow(const float *restrict x, ptrdiff_t cin, ptrdiff_t length, const float *restrict packed,
                              ptrdiff_t cout, ptrdiff_t k, ptrdiff_t dilation, ptrdiff_t padding,
                              const float *restrict bias, float *restrict y, ptrdiff_t start, ptrdiff_t end,
                              float *restrict scratch) {
    // Output samples start..<end; output t reads input t - padding + tap * dilation.
    const ptrdiff_t tiles = (end - start + tile - 1) / tile;
    const ptrdiff_t width = tiles * tile + (k - 1) * dilation;
    for (ptrdiff_t ci = 0; ci < cin; ci++) {
        float *row = scratch + ci * width;
        const float *src = x + ci * length;
        for (ptrdiff_t i = 0; i < width; i++) {
            const ptrdiff_t t = start - padding + i;
            row[i] = (t >= 0 && t < length) ? src[t] : 0.f;
        }
    }
    const ptrdiff_t groups = (cout + lanesOut - 1) / lanesOut;
    for (ptrdiff_t g = 0; g < groups; g++) {
        const float *wg = packed + g * cin * k * lanesOut;
        for (ptrdiff_t tt = 0; tt < tiles; tt++) {
            float acc[lanesOut][tile];
            for (int j = 0; j < lanesOut; j++) {
                const ptrdiff_t co = g * lanesOut + j;
                const float b = (bias && co < cout) ? bias[co] : 0.f;
                for (int l = 0; l < tile; l++) acc[j][l] = b;
            }
            for (ptrdiff_t ci = 0; ci < cin; ci++) {
                const float *row = scratch + ci * width + tt * tile;
                const float *wr = wg + ci * k * lanesOut;
                for (ptrdiff_t t = 0; t < k; t++) {
                    const float *xr = row + t * dilation;
                    const float *wt = wr + t * lanesOut;
                    for (int j = 0; j < lanesOut; j++) {
                        const float wv = wt[j];
                        for (int l = 0; l < tile; l++) acc[j][l] += wv * xr[l];
                    }
                }
            }
            const ptrdiff_t t0 = start + tt * tile;
            const ptrdiff_t n = end - t0 < tile ? end - t0 : tile;
            for (int j = 0; j < lanesOut; j++) {
                const ptrdiff_t co = g * lanesOut + j;
                if (co < cout) memcpy(y + co * length + t0, acc[j], (size_t)n * sizeof(float));
            }
        }
    }
}
