import CSndfile
import Foundation
import Models

/// WAV and FLAC files through libsndfile: mono Float32 takes with their generation tags.
///
/// Writes are atomic (temporary file, fsync, rename), so a failed or interrupted save leaves
/// either the previous file or nothing. Reading the tags opens only the header, never a model.
public enum AudioFile {
    /// Writes `buffer` to `url`; the container follows the extension (.wav or .flac).
    public static func write(_ buffer: AudioBuffer, to url: URL,
                             options: WriteOptions = WriteOptions()) throws(AudioFileError) {
        let path = url.path
        let container = try AudioContainer.of(url)
        try validate(buffer, container: container, format: options.sampleFormat, path: path)
        if !options.replaceExisting, access(path, F_OK) == 0 {
            throw .alreadyExists(path: path)
        }
        let file = try stage(url, replacing: options.replaceExisting)
        try encode(buffer, container: container, options: options, into: file, path: path)
        do { try file.commit() } catch {
            throw error.code == EEXIST ? .alreadyExists(path: path) : .writeFailed(path: path, reason: error.reason)
        }
    }

    /// Most samples (all channels) a sound read here may hold: 512 MB as Float32, ten minutes of
    /// mono at 192 kHz. A FLAC file of a few hundred KB can decode to gigabytes of silence.
    public static let maximumSamples = 1 << 27

    /// Reads a file's samples, mixing several channels down to mono.
    public static func read(_ url: URL) throws(AudioFileError) -> AudioBuffer {
        let handle = try open(url)
        let channels = Int(handle.info.channels)
        let frames = Int(handle.info.frames)
        let interleaved = handle.read(frames: frames)
        _ = handle.close()
        guard channels > 1 else {
            return AudioBuffer(samples: interleaved, sampleRate: Int(handle.info.samplerate))
        }
        // Average rather than sum, so a full-scale stereo file stays within -1...1.
        let frameCount = interleaved.count / channels
        var mono = [Float](repeating: 0, count: frameCount)
        let scale = 1 / Float(channels)
        for frame in 0..<frameCount {
            var sum: Float = 0
            for channel in 0..<channels { sum += interleaved[frame * channels + channel] }
            mono[frame] = sum * scale
        }
        return AudioBuffer(samples: mono, sampleRate: Int(handle.info.samplerate))
    }

    /// Reads the header and tags without decoding samples: what `clipsonic info` shows.
    public static func readMetadata(_ url: URL) throws(AudioFileError) -> AudioFileInfo {
        let handle = try open(url)
        let format = handle.info.format
        let tags = AudioTags(title: handle.string(Int32(SF_STR_TITLE)),
                             comment: handle.string(Int32(SF_STR_COMMENT)),
                             software: handle.string(Int32(SF_STR_SOFTWARE)),
                             date: handle.string(Int32(SF_STR_DATE)),
                             artist: handle.string(Int32(SF_STR_ARTIST)))
        guard let container = AudioContainer(sndfileMajor: format & Int32(SF_FORMAT_TYPEMASK)) else {
            throw .unreadable(path: url.path, reason: "it is neither WAV nor FLAC")
        }
        return AudioFileInfo(path: url.path, container: container,
                             sampleFormat: AudioSampleFormat(sndfileSubtype: format & Int32(SF_FORMAT_SUBMASK)),
                             sampleRate: Int(handle.info.samplerate), channels: Int(handle.info.channels),
                             frameCount: Int(handle.info.frames), tags: tags)
    }

    // MARK: - Internals

    /// A temporary file beside `url` for `encode` to fill; a failure here is one of the folder.
    static func stage(_ url: URL, replacing: Bool) throws(AudioFileError) -> AtomicFile.Staged {
        do {
            return replacing ? try AtomicFile.Staged(replacing: url) : try AtomicFile.Staged(creating: url)
        } catch {
            throw .cannotCreate(path: url.path, reason: error.reason)
        }
    }

    /// Streams the samples and tags into the temporary file and makes them durable; on any
    /// failure the temporary file is removed before the error is thrown.
    static func encode(_ buffer: AudioBuffer, container: AudioContainer, options: WriteOptions,
                       into file: AtomicFile.Staged, path: String) throws(AudioFileError) {
        let format = container.sndfileMajor | options.sampleFormat.sndfileSubtype
        let handle: SndfileHandle
        switch SndfileHandle.openForWriting(descriptor: file.descriptor, format: format, sampleRate: buffer.sampleRate) {
        case .success(let opened): handle = opened
        case .failure(let failure):
            file.discard()
            throw .writeFailed(path: path, reason: failure.message)
        }
        // Values beyond full scale saturate instead of wrapping around to the opposite sign.
        handle.enable(Int32(SFC_SET_CLIPPING))
        let tags = options.tags
        let tagFailure = handle.setString(Int32(SF_STR_TITLE), tags.title)
            ?? handle.setString(Int32(SF_STR_COMMENT), tags.comment)
            ?? handle.setString(Int32(SF_STR_SOFTWARE), tags.software)
            ?? handle.setString(Int32(SF_STR_DATE), tags.date)
            ?? handle.setString(Int32(SF_STR_ARTIST), tags.artist)
        if let failure = tagFailure ?? handle.write(buffer.samples) ?? handle.close() {
            _ = handle.close()
            file.discard()
            throw .writeFailed(path: path, reason: failure.message)
        }
        do { try file.finish() } catch { throw .writeFailed(path: path, reason: error.reason) }
    }

    static func validate(_ buffer: AudioBuffer, container: AudioContainer, format: AudioSampleFormat,
                                 path: String) throws(AudioFileError) {
        guard container.supportedSampleFormats.contains(format) else {
            throw .unsupportedSampleFormat(path: path, container: container, format: format)
        }
        guard buffer.sampleRate > 0 else {
            throw .invalidAudio(path: path, reason: "sample rate \(buffer.sampleRate) Hz is not positive")
        }
        // RIFF sizes are 32-bit; larger data would silently wrap the header's length fields.
        let bytesPerSample = format == .int16 ? 2 : (format == .int24 ? 3 : 4)
        if container == .wav, buffer.samples.count > (Int(UInt32.max) - 1024) / bytesPerSample {
            throw .invalidAudio(path: path, reason: "\(buffer.samples.count) frames exceed the 4 GiB WAV limit; write FLAC")
        }
    }

    private static func open(_ url: URL) throws(AudioFileError) -> SndfileHandle {
        let path = url.path
        let opened: Result<SndfileHandle, SndfileFailure>
        do { opened = try SndfileHandle.openForReading(path: path) } catch where error.code == ENOENT {
            throw .notFound(path: path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        switch opened {
        case .success(let handle):
            guard handle.info.channels > 0, handle.info.samplerate > 0, handle.info.frames >= 0 else {
                throw .unreadable(path: path, reason: "header declares \(handle.info.channels) channels at "
                                  + "\(handle.info.samplerate) Hz")
            }
            // A damaged header can claim billions of frames; refuse rather than allocate that.
            guard handle.info.frames <= Int64(maximumSamples / Int(handle.info.channels)) else {
                throw .unreadable(path: path, reason: "header declares \(handle.info.frames) frames of "
                    + "\(handle.info.channels) channels, more than the \(maximumSamples) samples a sound may hold")
            }
            return handle
        case .failure(let failure):
            throw .unreadable(path: path, reason: failure.message)
        }
    }
}
