import Foundation

extension DiffusionPriorNetwork {
    /// The tokens that stay fixed for a prompt: text encodings (cut or padded to max_text_len,
    /// all-zero rows replaced by the learned null embedding of their position), then the text
    /// embedding tokens. textEmbed: [B, dim], textEncodings: [B, L, dim] or nil
    /// -> [B, promptTokens, dim]
    ///
    /// `dropCondition` gives the unconditional tokens of a prior with a learned null condition
    /// (training/clipsonic/prior_null.py, after later dalle2-pytorch releases): every encoding
    /// position takes its null row and the text embedding tokens take `null_text_embeds`; the
    /// inputs' values are then unused (only the batch size counts).
    func promptTokens(textEmbed: Tensor, textEncodings: Tensor?, dropCondition: Bool = false) throws(PriorError) -> Tensor {
        let c = config, dim = c.dim
        guard textEmbed.rank == 2, textEmbed.shape[1] == dim, textEmbed.shape[0] > 0 else {
            throw .invalidInput(name: "text embedding", found: textEmbed.shape, expected: "[B, \(dim)]")
        }
        let b = textEmbed.shape[0]
        let length: Int
        if let e = textEncodings {
            guard e.rank == 3, e.shape[0] == b, e.shape[2] == dim else {
                throw .invalidInput(name: "text encodings", found: e.shape, expected: "[\(b), L, \(dim)]")
            }
            length = e.shape[1]
        } else {
            length = 0
        }
        // 1.1.0: mask = any(encodings != 0); padded positions are masked; masked rows take
        // null_text_embed's row for that position.
        let encodings = Tensor(zeros: [b, c.maxTextLen, dim])
        let out = encodings.pointer, null = weights.nullTextEmbed.pointer
        for bi in 0..<b {
            for pos in 0..<c.maxTextLen {
                let dst = out + (bi * c.maxTextLen + pos) * dim
                if !dropCondition, pos < length, let e = textEncodings {
                    let src = e.pointer + (bi * length + pos) * dim
                    if (0..<dim).contains(where: { src[$0] != 0 }) {
                        dst.update(from: src, count: dim)
                        continue
                    }
                }
                dst.update(from: null + pos * dim, count: dim)
            }
        }
        let text: Tensor
        if dropCondition {
            guard let null = weights.nullTextEmbeds else {
                throw .invalidConfig(field: "net.learned_null_condition",
                                     detail: "is false: this prior (dalle2-pytorch 1.1.0 math) has no unconditional branch")
            }
            let width = c.numTextEmbeds * dim
            text = Tensor(zeros: [b, width])
            for bi in 0..<b { (text.pointer + bi * width).update(from: null.pointer, count: width) }
        } else {
            text = weights.toTextEmbeds.map { $0(textEmbed) } ?? textEmbed
        }
        return Ops.concat([encodings, text.reshaped([b, c.numTextEmbeds, dim])], axis: 1)
    }

    /// The tokens that change every step: time embedding, noised image embedding, learned
    /// query. imageEmbed: [B, dim], timesteps: B integers -> [B, stepTokens, dim]
    func stepTokens(imageEmbed: Tensor, timesteps: [Int], batch b: Int) throws(PriorError) -> Tensor {
        let c = config, dim = c.dim
        guard imageEmbed.shape == [b, dim] else {
            throw .invalidInput(name: "image embedding", found: imageEmbed.shape, expected: "[\(b), \(dim)]")
        }
        guard timesteps.count == b else {
            throw .invalidInput(name: "timesteps", found: [timesteps.count], expected: "[\(b)]")
        }
        let time = try timeTokens(timesteps)                                     // [B, nt * dim]
        let image = weights.toImageEmbeds.map { $0(imageEmbed) } ?? imageEmbed   // [B, ni * dim]
        let query = Tensor(zeros: [b, 1, dim])
        for bi in 0..<b { (query.pointer + bi * dim).update(from: weights.learnedQuery.pointer, count: dim) }
        return Ops.concat([time.reshaped([b, c.numTimeEmbeds, dim]), image.reshaped([b, c.numImageEmbeds, dim]),
                           query], axis: 1)
    }

    /// timesteps -> [B, num_time_embeds * dim]
    func timeTokens(_ timesteps: [Int]) throws(PriorError) -> Tensor {
        let c = config, width = c.dim * c.numTimeEmbeds
        if let table = weights.timeEmbedding, let n = c.numTimesteps {
            let out = Tensor(zeros: [timesteps.count, width])
            for (i, t) in timesteps.enumerated() {
                guard (0..<n).contains(t) else {
                    throw .invalidInput(name: "timestep \(t)", found: [t], expected: "0..<\(n)")
                }
                (out.pointer + i * width).update(from: table.pointer + t * width, count: width)
            }
            return out
        }
        // 1.1.0's continuous embedding: SinusoidalPosEmb then MLP. SinusoidalPosEmb returns its
        // result in the input's dtype, and sampling passes integer (long) timesteps, so every
        // sine and cosine is truncated toward zero (to -1, 0 or 1) before the MLP. Reproduced
        // because a prior trained with this code learned from the same truncated values.
        let half = c.dim / 2
        let step = Float(-log(10000.0) / Double(half - 1))
        let freqs = (0..<half).map { expf(Float($0) * step) }
        let emb = Tensor(zeros: [timesteps.count, c.dim])
        for (i, t) in timesteps.enumerated() {
            for j in 0..<half {
                let angle = Float(t) * freqs[j]
                emb.pointer[i * c.dim + j] = sinf(angle).rounded(.towardZero)
                emb.pointer[i * c.dim + half + j] = cosf(angle).rounded(.towardZero)
            }
        }
        var h = emb
        for (k, layer) in weights.timeMLP.enumerated() {
            h = layer(h)
            if k + 1 < weights.timeMLP.count { h = Ops.silu(h) }
        }
        return h
    }
}
