import Foundation
import Models

/// What the bundle's audio encoder lets the engine do with a sound (issue #19): embed a take or
/// a sound file in CLIP space, so that a take can be scored against its query, takes searched
/// by text, and a sound used as the query of audio mode.
extension GenerationEngine {
    /// Whether the bundle has an audio encoder: scores, ranking, search and audio mode need one.
    public var hasAudioEncoder: Bool { audioEncoder != nil }

    /// The longest stretch of a sound that is embedded (a query, or a take being searched): the
    /// parameter table's longest take. Longer ones are cut with a notice, so a sound of hours is
    /// neither read into one mel nor embedded for minutes.
    static let longestListenedSeconds = 600.0

    /// The unit-length embedding [D] of a whole mel [n_mels, frames] (the bundle's normalised
    /// log-mel): a mel up to the native window is embedded as it is; a longer one window by
    /// window (the windows side by side, the last one ending at the mel's end so that every
    /// window is whole), the embeddings averaged and made unit length again. The encoder was
    /// trained on native windows, so a long take is heard as the encoder hears its parts rather
    /// than squeezed through one mean over minutes. Nil without an encoder.
    public func soundEmbedding(mel: Tensor) throws -> Tensor? {
        guard audioEncoder != nil else { return nil }
        let frames = mel.dim(-1), window = audio.frames
        var starts = frames <= window ? [0] : Array(stride(from: 0, to: frames - window, by: window))
        if frames > window { starts.append(frames - window) }
        var sum: Tensor?
        for start in starts {
            let part = starts.count == 1 ? mel : Self.frames(of: mel, from: start, count: window)
            guard let e = try audioEmbedding(mel: part) else { return nil }
            sum = sum.map { Ops.add($0, e) } ?? e
        }
        guard let sum else { return nil }
        return Self.normalized(sum.reshaped([1, -1])).reshaped([sum.count])
    }

    /// The embedding [1, D] of the sound file at `path` (WAV/FLAC, any sample rate), read as a
    /// variation's source is read (resampled; silent, too short or unreadable files refused with
    /// "cannot use the sound PATH as the query: ..."). Throws when the bundle has no encoder,
    /// naming what needed one.
    public func soundEmbedding(path: String, neededFor: String = "audio mode",
                               notice: (String) -> Void = { _ in }) throws -> Tensor {
        guard hasAudioEncoder else {
            throw EngineError.missingComponent(bundle: bundle.displayName, component: "audio encoder", needed: neededFor)
        }
        let mel = try SourceAudio.mel(path: path, reader: audioReader, audio: audio,
                                      maxFrames: frames(for: Self.longestListenedSeconds), use: .query, notice: notice)
        guard let embedding = try soundEmbedding(mel: mel) else {
            throw EngineError.missingComponent(bundle: bundle.displayName, component: "audio encoder", needed: neededFor)
        }
        return embedding.reshaped([1, embedding.count])
    }

    /// How well a take's mel matches the embedding it was asked for: the cosine between the two,
    /// -1 to 1. Nil without an encoder.
    func score(mel: Tensor, query: Tensor) throws -> Float? {
        guard let heard = try soundEmbedding(mel: mel) else { return nil }
        return Self.cosine(heard, query)
    }

    /// The embedding [1, D] a text is searched with, in the space the audio encoder was trained
    /// to meet (CLIP's picture space): the prior's sample from the text (seed 0, so one text
    /// always searches the same way) when the bundle has a prior, else the CLIP text embedding.
    public func searchEmbedding(text: String) throws -> Tensor {
        let encoded = try encoder.encode(text: text)
        guard prior != nil else { return encoded.embedding }
        var request = GenerationRequest(prompt: text, seed: 0)
        request.priorGuidanceScale = 1
        do {
            return try samplePrior(request, text: encoded, control: GenerationControl())
        } catch let error as PriorError {
            throw EngineError.network("prior: \(error)")
        }
    }

    /// The cosine between two embeddings of any shape with the same count, -1 to 1.
    public static func similarity(_ a: Tensor, _ b: Tensor) -> Float { cosine(a, b) }
}
