#include "ckernels.h"
#include "clones.h"

// oneDNN's 4x3 Winograd kernel (jit_wino_4x3) takes its weights already transformed, in its
// OBaaIBOIio layout. oneDNN's own reorder makes them at about 110 MB/s a core (it gathers each
// output-channel block's kernels with a stride of a whole input row), which over a full-size
// U-Net was 1.8 s a take; this reads the PyTorch weights in order and writes whole channel blocks.

// The transform's G for oneDNN's interpolation points (its wino_reorder's G_4x4_3x3): U = G w Gᵀ.
static const float G[6][3] = {
    {1.13777777777778f, 0.f, 0.f},
    {-0.688403361344538f, -0.430252100840336f, -0.26890756302521f},
    {-0.688403361344538f, 0.430252100840336f, -0.26890756302521f},
    {0.119514472455649f, 0.179271708683473f, 0.26890756302521f},
    {0.119514472455649f, -0.179271708683473f, 0.26890756302521f},
    {0.f, 0.f, 1.f},
};

enum { maxLanes = 64 };

CLONES int csk_wino43_dnnl_weights(const float *restrict w, ptrdiff_t realOC, ptrdiff_t realIC, ptrdiff_t oc,
                                   ptrdiff_t ic, ptrdiff_t ocBlock, ptrdiff_t icBlock, ptrdiff_t oc2Block,
                                   ptrdiff_t ic2Block, float *restrict out, ptrdiff_t firstBlock,
                                   ptrdiff_t endBlock) {
    if (ocBlock < 1 || ocBlock > maxLanes || icBlock < 1 || oc2Block < 1 || ic2Block < 1) return 0;
    if (oc % (ocBlock * oc2Block) != 0 || ic % (icBlock * ic2Block) != 0) return 0;
    const ptrdiff_t icChunks = ic / (icBlock * ic2Block);
    // Offsets in units of ocBlock floats: a (u_h, u_w) plane of one oc chunk holds every input
    // channel of oc2Block output blocks.
    const ptrdiff_t plane = icChunks * oc2Block * ic2Block * icBlock;
    for (ptrdiff_t ocb = firstBlock; ocb < endBlock; ocb++) {
        const ptrdiff_t occ = ocb / oc2Block, ob = ocb % oc2Block;
        const ptrdiff_t lanes = ocBlock;
        for (ptrdiff_t icp = 0; icp < ic; icp++) {
            const ptrdiff_t icc = icp / (icBlock * ic2Block), ib = (icp / icBlock) % ic2Block, i = icp % icBlock;
            const ptrdiff_t inPlane = ((icc * oc2Block + ob) * ic2Block + ib) * icBlock + i;
            float k[9][maxLanes];
            for (ptrdiff_t o = 0; o < lanes; o++) {
                const ptrdiff_t co = ocb * ocBlock + o;
                const int real = co < realOC && icp < realIC;
                const float *src = w + (co * realIC + icp) * 9;
                for (int t = 0; t < 9; t++) k[t][o] = real ? src[t] : 0.f;
            }
            // T = w Gᵀ (3x6), then U = G T (6x6), each lane an output channel.
            float t[3][6][maxLanes];
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < 6; j++)
                    for (ptrdiff_t o = 0; o < lanes; o++)
                        t[r][j][o] = k[3 * r][o] * G[j][0] + k[3 * r + 1][o] * G[j][1] + k[3 * r + 2][o] * G[j][2];
            for (int a = 0; a < 6; a++)
                for (int j = 0; j < 6; j++) {
                    float *dst = out + (((occ * 6 + a) * 6 + j) * plane + inPlane) * ocBlock;
                    for (ptrdiff_t o = 0; o < lanes; o++)
                        dst[o] = G[a][0] * t[0][j][o] + G[a][1] * t[1][j][o] + G[a][2] * t[2][j][o];
                }
        }
    }
    return 1;
}
