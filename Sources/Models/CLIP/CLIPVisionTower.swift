/// CLIP's image tower (ViT) with its projection; matches transformers
/// `CLIPVisionModelWithProjection`: patch convolution without bias, class token, position
/// embeddings, `pre_layrnorm` (transformers' spelling), pre-norm transformer, `post_layernorm`
/// on the class token, `visual_projection`. Weights: `vision_model.*`, `visual_projection.weight`.
public struct CLIPVisionTower: Sendable {
    public let config: CLIPVisionConfig
    let classEmbedding: Tensor     // [D]
    let patchEmbedding: Tensor     // [D, C, p, p]
    let positionEmbedding: Tensor  // [N + 1, D]
    let preLayerNorm: CLIPLayerNorm
    let layers: [CLIPEncoderLayer]
    let postLayerNorm: CLIPLayerNorm
    let projection: Tensor         // [proj, D]

    public struct Output: Sendable {
        /// [B, N + 1, D], before `post_layernorm`.
        public let lastHiddenState: Tensor
        /// `post_layernorm` of the class token: [B, D].
        public let pooled: Tensor
        /// `visual_projection(pooled)`: [B, proj], as `get_image_features` returns it.
        public let projected: Tensor
        /// `projected` scaled to unit L2 norm: [B, proj].
        public let embeddings: Tensor
    }

    public init(weights b: WeightBinder, config: CLIPVisionConfig) throws(WeightsError) {
        self.config = config
        let m = b.scoped("vision_model")
        let d = config.hiddenSize, p = config.patchSize
        classEmbedding = try m.take("embeddings.class_embedding", shape: [d])
        patchEmbedding = try m.take("embeddings.patch_embedding.weight", shape: [d, config.numChannels, p, p])
        positionEmbedding = try m.take("embeddings.position_embedding.weight", shape: [config.tokenCount, d])
        m.skip(["embeddings.position_ids"])
        preLayerNorm = try CLIPLayerNorm(m.scoped("pre_layrnorm"), dim: d, eps: config.layerNormEps)
        var layers: [CLIPEncoderLayer] = []
        for i in 0..<config.numHiddenLayers {
            layers.append(try CLIPEncoderLayer(m.scoped("encoder.layers.\(i)"), dim: d, intermediate: config.intermediateSize,
                                               heads: config.numAttentionHeads, eps: config.layerNormEps,
                                               activation: config.hiddenAct))
        }
        self.layers = layers
        postLayerNorm = try CLIPLayerNorm(m.scoped("post_layernorm"), dim: d, eps: config.layerNormEps)
        projection = try b.take("visual_projection.weight", shape: [config.projectionDim, d])
    }

    /// pixels: [B, C, image_size, image_size], preprocessed (see `CLIPImagePreprocessor`).
    public func callAsFunction(_ pixels: Tensor) throws(CLIPInputError) -> Output {
        let s = config.imageSize, c = config.numChannels, d = config.hiddenSize
        guard pixels.rank == 4, pixels.dim(0) > 0, Array(pixels.shape.dropFirst()) == [c, s, s] else {
            throw .pixelShape(found: pixels.shape, expected: [pixels.rank == 4 ? pixels.dim(0) : 1, c, s, s])
        }
        let b = pixels.dim(0), g = config.patchesPerSide, n = g * g, tokens = n + 1
        // patches: [B, D, g, g] -> [B, g*g, D]
        let patches = Ops.conv2d(pixels, weight: patchEmbedding, bias: nil, stride: Size2(config.patchSize, config.patchSize))
        let patchTokens = Ops.permute(patches.reshaped([b, d, n]), [0, 2, 1])
        var x = Tensor(zeros: [b, tokens, d])
        for r in 0..<b {
            let row = x.pointer + r * tokens * d
            for j in 0..<d { row[j] = classEmbedding.pointer[j] + positionEmbedding.pointer[j] }
            let src = patchTokens.pointer + r * n * d
            for t in 0..<n {
                let dst = row + (t + 1) * d, pos = positionEmbedding.pointer + (t + 1) * d, p = src + t * d
                for j in 0..<d { dst[j] = p[j] + pos[j] }
            }
        }
        x = preLayerNorm(x)
        for layer in layers { x = layer(x, causal: false, keyPaddingMask: nil) }
        let cls = Tensor(zeros: [b, d])
        for r in 0..<b { (cls.pointer + r * d).update(from: x.pointer + r * tokens * d, count: d) }
        let pooled = postLayerNorm(cls)
        let projected = Ops.linear(pooled, weight: projection, bias: nil)
        return Output(lastHiddenState: x, pooled: pooled, projected: projected,
                      embeddings: CLIPEmbedding.l2Normalized(projected))
    }
}
