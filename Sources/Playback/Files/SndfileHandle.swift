import CSndfile
import Foundation
import Models

/// An open libsndfile handle; closed on deinit so no error path leaks one.
final class SndfileHandle {
    private var handle: OpaquePointer?
    private(set) var info: SF_INFO

    /// A descriptor this handle opened and closes after libsndfile is done with it.
    private var ownedDescriptor: Int32?

    private init(handle: OpaquePointer, info: SF_INFO, ownedDescriptor: Int32? = nil) {
        self.handle = handle
        self.info = info
        self.ownedDescriptor = ownedDescriptor
    }

    deinit { _ = close() }

    /// Opens `path` for reading; `reason` is libsndfile's message on failure. The file is opened
    /// here, as a regular file only (`RegularFile`): libsndfile opening a FIFO by name would wait
    /// for a writer forever, and a folder or device is no sound file. Its header is checked
    /// (`AudioFileHeader`) before libsndfile parses it.
    static func openForReading(path: String) throws(RegularFileError) -> Result<SndfileHandle, SndfileFailure> {
        let descriptor = try RegularFile.openForReading(path)
        if let problem = AudioFileHeader.problem(descriptor: descriptor) {
            Glibc.close(descriptor)
            return .failure(SndfileFailure(message: problem))
        }
        var info = SF_INFO()
        // libsndfile does not close the descriptor (0): it stays ours on every path.
        guard let handle = sf_open_fd(descriptor, Int32(SFM_READ), &info, 0) else {
            Glibc.close(descriptor)
            return .failure(SndfileFailure(message: SndfileHandle.lastGlobalError()))
        }
        return .success(SndfileHandle(handle: handle, info: info, ownedDescriptor: descriptor))
    }

    /// Starts a file on an open descriptor, which stays open after `close` (the caller fsyncs it).
    static func openForWriting(descriptor: Int32, format: Int32, sampleRate: Int) -> Result<SndfileHandle, SndfileFailure> {
        var info = SF_INFO()
        info.samplerate = Int32(clamping: sampleRate)
        info.channels = 1
        info.format = format
        guard sf_format_check(&info) != 0 else {
            return .failure(SndfileFailure(message: "libsndfile rejects format 0x\(String(format, radix: 16)) at \(sampleRate) Hz"))
        }
        guard let handle = sf_open_fd(descriptor, Int32(SFM_WRITE), &info, 0) else {
            return .failure(SndfileFailure(message: SndfileHandle.lastGlobalError()))
        }
        return .success(SndfileHandle(handle: handle, info: info))
    }

    /// Sets a `SF_STR_*` tag; must precede the first sample written.
    func setString(_ kind: Int32, _ value: String?) -> SndfileFailure? {
        guard let handle, let value else { return nil }
        let status = sf_set_string(handle, kind, value)
        return status == 0 ? nil : SndfileFailure(message: String(cString: sf_error_number(status)))
    }

    func string(_ kind: Int32) -> String? {
        guard let handle, let pointer = sf_get_string(handle, kind) else { return nil }
        return String(cString: pointer)
    }

    /// Enables a boolean `SFC_*` setting.
    func enable(_ command: Int32) {
        guard let handle else { return }
        _ = sf_command(handle, command, nil, Int32(SF_TRUE))
    }

    /// Writes every sample or reports why not.
    func write(_ samples: [Float]) -> SndfileFailure? {
        guard let handle else { return SndfileFailure(message: "file already closed") }
        let written = samples.withUnsafeBufferPointer { buffer -> sf_count_t in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
            return sf_writef_float(handle, base, sf_count_t(buffer.count))
        }
        guard written == samples.count else {
            return SndfileFailure(message: errorMessage())
        }
        return nil
    }

    /// Reads up to `frames` interleaved frames; returns the samples actually read. The buffer
    /// grows with what is decoded, a block at a time, so a header that claims more frames than
    /// the file holds (a FLAC STREAMINFO of 68 bytes asked for 7.8 GB) costs nothing.
    func read(frames: Int) -> [Float] {
        guard let handle, frames > 0 else { return [] }
        let channels = max(Int(info.channels), 1)
        let block = 1 << 16
        var samples: [Float] = []
        var left = frames
        while left > 0 {
            let want = min(block, left)
            let start = samples.count
            samples.append(contentsOf: repeatElement(0, count: want * channels))
            let read = samples.withUnsafeMutableBufferPointer { buffer -> sf_count_t in
                guard let base = buffer.baseAddress else { return 0 }
                return sf_readf_float(handle, base + start, sf_count_t(want))
            }
            let got = max(Int(read), 0)
            samples.removeLast((want - got) * channels)
            if got < want { break }
            left -= got
        }
        return samples
    }

    /// Closes the handle, returning libsndfile's error if the final header or encoder flush failed.
    func close() -> SndfileFailure? {
        guard let handle else { return nil }
        self.handle = nil
        let status = sf_close(handle)
        if let descriptor = ownedDescriptor {
            ownedDescriptor = nil
            Glibc.close(descriptor)
        }
        return status == 0 ? nil : SndfileFailure(message: String(cString: sf_error_number(status)))
    }

    /// libsndfile's message for this handle; for system errors it quotes strerror ("System
    /// error : No space left on device").
    private func errorMessage() -> String {
        handle.map { String(cString: sf_strerror($0)) } ?? "unknown libsndfile error"
    }

    /// sf_open's failure message; libsndfile keeps it in a global when no handle exists.
    private static func lastGlobalError() -> String {
        String(cString: sf_strerror(nil))
    }
}
