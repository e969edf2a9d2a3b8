import Models

extension GenerationEngine {
    /// Builds the bundle's audio encoder, strictly (every tensor by name and shape, none left
    /// over), or nil for a bundle without one.
    static func loadAudioEncoder(from bundle: ModelBundle,
                                 config: AudioEncoderConfiguration?) throws(WeightsError) -> AudioEncoder? {
        guard let config else { return nil }
        let binder = try bundle.binder(.audioEncoder)
        let encoder = try AudioEncoder(configuration: config, weights: binder)
        try binder.finish()
        return encoder
    }

    /// The CLIP-space embedding of a normalised log-mel ([n_mels, frames], any frames >= 1, or
    /// [N, n_mels, frames]): unit length, as wide as the bundle's CLIP embeddings. Nil when the
    /// bundle has no audio encoder.
    public func audioEmbedding(mel: Tensor) throws -> Tensor? {
        guard let audioEncoder else { return nil }
        do {
            return try audioEncoder.embed(mel)
        } catch {
            throw EngineError.invalidRequest(error.description)
        }
    }
}
