import Engine
import Foundation

/// What a file's header and tags say, read without decoding its samples.
public struct AudioFileInfo: Sendable, Equatable {
    public var path: String
    public var container: AudioContainer
    /// nil for encodings this studio does not write (8-bit, A-law, ...).
    public var sampleFormat: AudioSampleFormat?
    public var sampleRate: Int
    public var channels: Int
    public var frameCount: Int
    public var tags: AudioTags

    public var duration: TimeInterval {
        sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }

    /// The generation parameters stored in the comment tag, if the file is a CLIPSonic take.
    public var request: GenerationRequest? { tags.request }
}
