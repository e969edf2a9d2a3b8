/// `ResBlock` of training/clipsonic/unet.py: GN-SiLU-conv, FiLM from the embedding,
/// GN-(scale, shift)-SiLU-conv, plus the input (through a 1x1 conv when the width changes).
struct UNetResBlock: Sendable {
    let norm1: UNetNorm
    let conv1: UNetConv2d
    let embProj: UNetLinear
    let norm2: UNetNorm
    let conv2: UNetConv2d
    let skip: UNetConv2d?
    let groups: Int
    let eps: Float

    init(_ w: some UNetWeightSource, in cin: Int, out cout: Int, config: UNetConfiguration) throws(WeightsError) {
        norm1 = try UNetNorm(w, "norm1", channels: cin)
        conv1 = try UNetConv2d(w, "conv1", in: cin, out: cout, kernel: 3)
        embProj = try UNetLinear(w, "emb_proj", in: config.embedDim, out: 2 * cout)
        norm2 = try UNetNorm(w, "norm2", channels: cout)
        conv2 = try UNetConv2d(w, "conv2", in: cout, out: cout, kernel: 3)
        skip = cin != cout ? try UNetConv2d(w, "skip", in: cin, out: cout, kernel: 1) : nil
        groups = config.normGroups
        eps = config.normEps
    }

    /// x: [N, H, W, Cin] (channels-last), embSiLU: SiLU(emb) [N, E] -> [N, H, W, Cout].
    /// consumingInput: x is the caller's alone and dead after the call (the way up's
    /// concatenations), so once the 1x1 skip has read it, it is normalised in place.
    func callAsFunction(_ x: Tensor, embSiLU: Tensor, consumingInput: Bool = false) -> Tensor {
        let residual = skip.map { $0(x) } ?? x
        // Where the 3x3 convolutions run oneDNN's Winograd, which works on 16-channel blocks, the
        // activations between the two norms stay in blocks: the first norm writes them, conv1
        // writes them (when conv2 reads them), the second norm works on them, and only conv2's
        // output comes back channels-last. Three of the four reorders around the pair go away.
        // A consumed input is normalised in place instead (channels-last, conv1 reorders it): on
        // the way up it is the widest activation of the block, and writing blocks beside it
        // raised a full-size take's peak by about 100 MiB.
        // Where conv1 runs the engine's Winograd (wide inputs, `Convolution.ownWinogradInputChannels`)
        // it reads and writes channels-last, and the second norm moves its output into blocks.
        let inner = [x.dim(0), x.dim(1), x.dim(2), conv1.conv.weight.shape[0]]
        let inPlace = consumingInput && skip != nil
        let onBlocks = conv1.runsOnBlocks(x.shape), blocks2 = conv2.runsOnBlocks(inner)
        let blocks1 = onBlocks && !inPlace
        let normed = UNetGroupNorm.apply(x, groups: groups, norm: norm1, eps: eps, inPlace: inPlace, toBlocks: blocks1)
        var h = onBlocks && (blocks1 || blocks2) ? conv1(blocks: normed, blockedOutput: blocks2) : conv1(normed)
        let film = embProj(embSiLU)  // [N, 2 Cout]: scale, shift
        // h (conv1's output) is read only here, so it is normalised in place (or into blocks).
        let normed2 = UNetGroupNorm.apply(h, groups: groups, norm: norm2, eps: eps, film: film, inPlace: true,
                                          toBlocks: blocks2 && h.rank == 4)
        h = blocks2 ? conv2(blocks: normed2, blockedOutput: false) : conv2(normed2)
        // h is ours alone (conv2 just made it), so the residual is added in place.
        OpProfile.measure("residual add") { Ops.addInPlace(h, residual) }
        return h
    }
}
