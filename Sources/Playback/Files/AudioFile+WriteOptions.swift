extension AudioFile {
    /// How to store a take.
    public struct WriteOptions: Sendable, Equatable {
        /// WAV takes any; FLAC only `.int16` and `.int24`.
        public var sampleFormat: AudioSampleFormat
        public var tags: AudioTags
        /// When false, an existing file at the destination is an error instead of being replaced.
        public var replaceExisting: Bool

        public init(sampleFormat: AudioSampleFormat = .int16, tags: AudioTags = AudioTags(),
                    replaceExisting: Bool = true) {
            self.sampleFormat = sampleFormat
            self.tags = tags
            self.replaceExisting = replaceExisting
        }
    }
}
