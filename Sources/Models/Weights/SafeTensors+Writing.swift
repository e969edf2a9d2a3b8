import Foundation

extension SafeTensors {
    /// Writes `tensors` as an F32 safetensors file that the Python and Rust libraries read.
    ///
    /// Tensors are laid out in name order; the header is padded with spaces so that the data
    /// area starts at a multiple of 8 bytes (as the reference writer does), keeping every F32
    /// tensor aligned for in-place use. The file is written through `AtomicFile`, so a failure
    /// never leaves a partial file behind and readers that have the old file mapped keep a
    /// complete copy.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String]? = nil,
                             to url: URL) throws(WeightsError) {
        let path = url.path
        if tensors["__metadata__"] != nil {
            throw .writeFailed(file: path, reason: "\"__metadata__\" is reserved and cannot name a tensor")
        }
        let names = tensors.keys.sorted()
        let header = headerBytes(names: names, tensors: tensors, metadata: metadata)

        do {
            try AtomicFile.write(to: url) { file throws(FileWriteError) in
                try file.write(header)
                for name in names {
                    guard let t = tensors[name] else { continue }
                    try file.write(UnsafeRawBufferPointer(t.buffer))
                }
            }
        } catch {
            throw .writeFailed(file: path, reason: "\(error.reason) (while \(error.operation))")
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
}
