extension CLIPConfig {
    /// transformers CLIPModel tensor names and shapes for `config`.
    public var tensorShapes: [(String, [Int])] {
        let config = self
        let t = config.textConfig, v = config.visionConfig
        var out: [(String, [Int])] = []
        func layers(_ prefix: String, _ d: Int, _ inner: Int, _ n: Int) {
            for i in 0..<n {
                let p = "\(prefix).encoder.layers.\(i)."
                for proj in ["q_proj", "k_proj", "v_proj", "out_proj"] {
                    out += [(p + "self_attn.\(proj).weight", [d, d]), (p + "self_attn.\(proj).bias", [d])]
                }
                out += [(p + "layer_norm1.weight", [d]), (p + "layer_norm1.bias", [d]),
                        (p + "layer_norm2.weight", [d]), (p + "layer_norm2.bias", [d]),
                        (p + "mlp.fc1.weight", [inner, d]), (p + "mlp.fc1.bias", [inner]),
                        (p + "mlp.fc2.weight", [d, inner]), (p + "mlp.fc2.bias", [d])]
            }
        }
        out += [("text_model.embeddings.token_embedding.weight", [t.vocabSize, t.hiddenSize]),
                ("text_model.embeddings.position_embedding.weight", [t.maxPositionEmbeddings, t.hiddenSize]),
                ("text_model.final_layer_norm.weight", [t.hiddenSize]), ("text_model.final_layer_norm.bias", [t.hiddenSize]),
                ("text_projection.weight", [config.projectionDim, t.hiddenSize])]
        layers("text_model", t.hiddenSize, t.intermediateSize, t.numHiddenLayers)
        out += [("vision_model.embeddings.class_embedding", [v.hiddenSize]),
                ("vision_model.embeddings.patch_embedding.weight", [v.hiddenSize, v.numChannels, v.patchSize, v.patchSize]),
                ("vision_model.embeddings.position_embedding.weight", [v.tokenCount, v.hiddenSize]),
                ("vision_model.pre_layrnorm.weight", [v.hiddenSize]), ("vision_model.pre_layrnorm.bias", [v.hiddenSize]),
                ("vision_model.post_layernorm.weight", [v.hiddenSize]), ("vision_model.post_layernorm.bias", [v.hiddenSize]),
                ("visual_projection.weight", [config.projectionDim, v.hiddenSize]), ("logit_scale", [])]
        layers("vision_model", v.hiddenSize, v.intermediateSize, v.numHiddenLayers)
        return out
    }
}
