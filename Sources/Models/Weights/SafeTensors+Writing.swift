import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
    /// Writes `tensors` as an F32 safetensors file that the Python and Rust libraries read.
    ///
    /// Tensors are laid out in name order; the header is padded with spaces so that the data
    /// area starts at a multiple of 8 bytes (as the reference writer does), keeping every F32
    /// tensor aligned for in-place use. The file is written to a temporary file in the same
    /// folder and renamed over `url`, so a failure never leaves a partial file behind and
    /// readers that have the old file mapped keep a complete copy.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String]? = nil,
                             to url: URL) throws(WeightsError) {
        let path = url.path
        if tensors["__metadata__"] != nil {
            throw .writeFailed(file: path, reason: "\"__metadata__\" is reserved and cannot name a tensor")
        }
        let names = tensors.keys.sorted()
        let header = headerBytes(names: names, tensors: tensors, metadata: metadata)

        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(file: path, reason: SafeTensorsBytes.errnoText()) }
        var closed = false
        do throws(WeightsError) {
            try writeAll(fd, header, path: path)
            for name in names {
                guard let t = tensors[name] else { continue }
                try writeAll(fd, UnsafeRawBufferPointer(t.buffer), path: path)
            }
            guard fsync(fd) == 0 else { throw .writeFailed(file: path, reason: SafeTensorsBytes.errnoText()) }
            closed = true
            guard close(fd) == 0 else { throw .writeFailed(file: path, reason: SafeTensorsBytes.errnoText()) }
            guard rename(temporary, path) == 0 else {
                throw .writeFailed(file: path, reason: SafeTensorsBytes.errnoText())
            }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }

    /// The 8-byte length and the header JSON, compact like the reference writer's, padded with
    /// spaces to a multiple of 8 bytes.
    static func headerBytes(names: [String], tensors: [String: Tensor], metadata: [String: String]?) -> [UInt8] {
        var json = "{"
        var first = true
        if let metadata {
            json += "\"__metadata__\":{"
            json += metadata.keys.sorted().map { key in
                JSONWriter.quoted(key) + ":" + JSONWriter.quoted(metadata[key] ?? "")
            }.joined(separator: ",")
            json += "}"
            first = false
        }
        var offset = 0
        for name in names {
            guard let t = tensors[name] else { continue }
            let bytes = t.count * MemoryLayout<Float>.size
            if !first { json += "," }
            first = false
            json += JSONWriter.quoted(name) + ":{\"dtype\":\"F32\",\"shape\":["
                + t.shape.map(String.init).joined(separator: ",")
                + "],\"data_offsets\":[\(offset),\(offset + bytes)]}"
            offset += bytes
        }
        json += "}"
        var text = Array(json.utf8)
        text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - text.count % 8) % 8))
        let length = UInt64(text.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + text
    }

    private static func writeAll(_ fd: Int32, _ data: [UInt8], path: String) throws(WeightsError) {
        let result: Result<Void, WeightsError> = data.withUnsafeBytes { raw in
            do throws(WeightsError) { try writeAll(fd, raw, path: path); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    private static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer, path: String) throws(WeightsError) {
        guard var p = data.baseAddress else { return }
        var left = data.count
        while left > 0 {
            let n = posixWrite(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(file: path, reason: SafeTensorsBytes.errnoText())
            }
            p += n
            left -= n
        }
    }
}

/// `write(2)`, named apart from `SafeTensors.write`, which would shadow it inside the extension.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
