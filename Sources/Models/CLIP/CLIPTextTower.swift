/// CLIP's text tower with its projection; matches transformers `CLIPTextModelWithProjection`
/// (token + position embeddings, causal pre-norm transformer, final LayerNorm, the hidden state
/// at the end token, `text_projection`). Weights keep transformers' names: `text_model.*` and
/// `text_projection.weight`.
public struct CLIPTextTower: Sendable {
    public let config: CLIPTextConfig
    let tokenEmbedding: Tensor     // [V, D]
    let positionEmbedding: Tensor  // [P, D]
    let layers: [CLIPEncoderLayer]
    let finalLayerNorm: CLIPLayerNorm
    let projection: Tensor         // [proj, D]

    /// The result for a batch of token rows.
    public struct Output: Sendable {
        /// After the final LayerNorm: [B, L, D] (the "text encodings" a diffusion prior reads).
        public let lastHiddenState: Tensor
        /// The hidden state at each row's end token: [B, D].
        public let pooled: Tensor
        /// `text_projection(pooled)`: [B, proj], as `get_text_features` returns it.
        public let projected: Tensor
        /// `projected` scaled to unit L2 norm: [B, proj], as `CLIPModel` compares embeddings.
        public let embeddings: Tensor
    }

    /// Binds the weights under `text_model.` and `text_projection.weight` of `weights` (the root
    /// binder of a CLIP safetensors file).
    public init(weights b: WeightBinder, config: CLIPTextConfig) throws(WeightsError) {
        self.config = config
        let m = b.scoped("text_model")
        let d = config.hiddenSize
        tokenEmbedding = try m.take("embeddings.token_embedding.weight", shape: [config.vocabSize, d])
        positionEmbedding = try m.take("embeddings.position_embedding.weight", shape: [config.maxPositionEmbeddings, d])
        m.skip(["embeddings.position_ids"])  // a buffer older checkpoints saved; recomputed here
        var layers: [CLIPEncoderLayer] = []
        for i in 0..<config.numHiddenLayers {
            layers.append(try CLIPEncoderLayer(m.scoped("encoder.layers.\(i)"), dim: d, intermediate: config.intermediateSize,
                                               heads: config.numAttentionHeads, eps: config.layerNormEps,
                                               activation: config.hiddenAct))
        }
        self.layers = layers
        finalLayerNorm = try CLIPLayerNorm(m.scoped("final_layer_norm"), dim: d, eps: config.layerNormEps)
        projection = try b.take("text_projection.weight", shape: [config.projectionDim, d])
    }

    /// Runs the tower on rows of token ids of one length (≤ max_position_embeddings), e.g. from
    /// `CLIPTokenizer.encodePadded`. `attentionMask` rows (1 = token, 0 = padding), if given,
    /// hide padding as transformers' `attention_mask` does; the pooled output does not depend on it.
    ///
    /// `rowsNeeded`: how many leading rows of `lastHiddenState` the caller reads (e.g. a prompt's
    /// tokens, when the padding's rows are zeroed anyway). Attention is causal, so a row depends
    /// only on the rows before it: the tower then runs only up to that row or the last end token,
    /// whichever is later, and leaves the rows after it zero. A 13-token prompt padded to 77 costs
    /// a sixth of the work, with the same embeddings and the same rows.
    public func callAsFunction(_ ids: [[Int]], attentionMask: [[Int]]? = nil,
                               rowsNeeded: Int? = nil) throws(CLIPInputError) -> Output {
        guard let length = ids.first?.count, length > 0 else { throw .emptyBatch }
        guard ids.allSatisfy({ $0.count == length }) else { throw .raggedBatch(lengths: ids.map(\.count)) }
        guard length <= config.maxPositionEmbeddings else {
            throw .sequenceLength(found: length, max: config.maxPositionEmbeddings)
        }
        let b = ids.count, d = config.hiddenSize
        // Pool position per row, as transformers chooses it.
        var poolAt: [Int] = []
        for (r, row) in ids.enumerated() {
            for id in row where id < 0 || id >= config.vocabSize {
                throw .tokenOutOfRange(id: id, vocabularySize: config.vocabSize)
            }
            if config.eosTokenId == 2 {
                // Legacy configs: the end token is the largest id, so argmax finds it (first max).
                poolAt.append(row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0)
            } else if let i = row.firstIndex(of: config.eosTokenId) {
                poolAt.append(i)
            } else {
                throw .noEndToken(row: r, endToken: config.eosTokenId)
            }
        }
        // Rows run: all, or through the last row anyone reads (causal attention: nothing after it
        // can change it).
        let run = rowsNeeded.map { Swift.min(length, Swift.max($0, (poolAt.max() ?? 0) + 1)) } ?? length
        // x: [B, run, D] = token_embedding[ids] + position_embedding[0..<run]
        var x = Tensor(zeros: [b, run, d])
        for (r, row) in ids.enumerated() {
            for (t, id) in row.prefix(run).enumerated() {
                let dst = x.pointer + (r * run + t) * d
                let tok = tokenEmbedding.pointer + id * d, pos = positionEmbedding.pointer + t * d
                for j in 0..<d { dst[j] = tok[j] + pos[j] }
            }
        }
        var mask: Tensor?
        if let attentionMask {
            guard attentionMask.count == b, attentionMask.allSatisfy({ $0.count == length }) else {
                throw .raggedBatch(lengths: attentionMask.map(\.count))
            }
            mask = Tensor(shape: [b, run], scalars: attentionMask.flatMap { $0.prefix(run).map { Float($0 != 0 ? 1 : 0) } })
        }
        for layer in layers { x = layer(x, causal: true, keyPaddingMask: mask) }
        var last = finalLayerNorm(x)
        let pooled = Tensor(zeros: [b, d])
        for r in 0..<b { (pooled.pointer + r * d).update(from: last.pointer + (r * run + poolAt[r]) * d, count: d) }
        if run < length {
            let full = Tensor(zeros: [b, length, d])
            for r in 0..<b { (full.pointer + r * length * d).update(from: last.pointer + r * run * d, count: run * d) }
            last = full
        }
        let projected = Ops.linear(pooled, weight: projection, bias: nil)
        return Output(lastHiddenState: last, pooled: pooled, projected: projected,
                      embeddings: CLIPEmbedding.l2Normalized(projected))
    }
}
