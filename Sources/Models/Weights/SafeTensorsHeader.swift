/// The validated header of a safetensors file: the table of contents of its data area.
///
/// Format (github.com/huggingface/safetensors): an 8-byte little-endian header length `N`,
/// `N` bytes of UTF-8 JSON mapping tensor names to `{"dtype", "shape", "data_offsets"}` plus an
/// optional `"__metadata__"` string-to-string map, then the data area. Offsets are relative to
/// the data area. Parsing reads only the bytes it is given (no I/O) so that it can be fuzzed.
public struct SafeTensorsHeader: Sendable {
    /// The format's own limit; larger headers are refused before anything is allocated.
    public static let maxHeaderLength: UInt64 = 100_000_000

    public let tensors: [String: SafeTensorsTensorInfo]
    /// Tensor names, sorted.
    public let names: [String]
    /// The `__metadata__` map; empty when the file has none.
    public let metadata: [String: String]
    /// Byte offset of the data area in the file (8 + header length).
    public let dataStart: Int
    /// Bytes in the file after the header.
    public let dataCount: Int

    /// Validates the header of a whole safetensors file held in `bytes`.
    ///
    /// Checks the header length against the file size and the 100 MB limit, the JSON syntax,
    /// each entry's dtype, shape (non-negative integers) and offsets (ordered, inside the data
    /// area, exactly dtype size × element count long), and that no two tensors share bytes.
    /// `source` only names the file in errors.
    public static func parse(_ bytes: UnsafeRawBufferPointer, source: String) throws(WeightsError) -> SafeTensorsHeader {
        guard bytes.count >= 8 else {
            throw .truncated(file: source, detail: "the file is \(bytes.count) bytes, shorter than "
                + "the 8-byte header length that starts every safetensors file")
        }
        let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard length <= maxHeaderLength else { throw .headerTooLarge(file: source, length: length) }
        guard length <= UInt64(bytes.count - 8) else {
            throw .truncated(file: source, detail: "the header length field says \(length) bytes "
                + "but only \(bytes.count - 8) bytes follow it")
        }
        let headerEnd = 8 + Int(length)
        let json: JSONValue
        do {
            json = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd]))
        } catch {
            throw .malformedHeader(file: source, detail: "invalid JSON: \(error.message) at byte "
                + "\(8 + error.offset) of the file")
        }
        guard case .object(let entries) = json else {
            throw .malformedHeader(file: source, detail: "the header is \(json.kindDescription), expected a JSON object")
        }
        let dataCount = bytes.count - headerEnd
        var tensors: [String: SafeTensorsTensorInfo] = [:]
        tensors.reserveCapacity(entries.count)
        var metadata: [String: String] = [:]
        // In name order, so that a file with several bad entries always reports the same one.
        var names: [String] = []
        names.reserveCapacity(entries.count)
        for name in entries.keys.sorted() {
            guard let entry = entries[name] else { continue }
            if name == "__metadata__" {
                metadata = try parseMetadata(entry, source: source)
            } else {
                tensors[name] = try parseEntry(name: name, entry, dataCount: dataCount, source: source)
                names.append(name)
            }
        }
        try checkOverlaps(tensors, source: source)
        return SafeTensorsHeader(tensors: tensors, names: names, metadata: metadata,
                                 dataStart: headerEnd, dataCount: dataCount)
    }

    private static func parseMetadata(_ value: JSONValue, source: String) throws(WeightsError) -> [String: String] {
        if case .null = value { return [:] }
        guard case .object(let object) = value else {
            throw .malformedHeader(file: source, detail: "__metadata__ is \(value.kindDescription), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, v) in object {
            guard case .string(let s) = v else {
                throw .malformedHeader(file: source, detail: "__metadata__.\(key) is \(v.kindDescription), expected a string")
            }
            metadata[key] = s
        }
        return metadata
    }

    private static func parseEntry(name: String, _ entry: JSONValue, dataCount: Int,
                                   source: String) throws(WeightsError) -> SafeTensorsTensorInfo {
        func invalid(_ detail: String) -> WeightsError {
            .invalidTensorEntry(file: source, tensor: name, detail: detail)
        }
        guard case .object(let fields) = entry else {
            throw invalid("entry is \(entry.kindDescription), expected an object with dtype, shape and data_offsets")
        }
        guard let dtypeValue = fields["dtype"] else { throw invalid("dtype is missing") }
        guard case .string(let dtypeName) = dtypeValue else {
            throw invalid("dtype is \(dtypeValue.kindDescription), expected a string")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw invalid("unknown dtype \"\(dtypeName)\" (known: "
                + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let shape = try nonNegativeIntegers(fields["shape"], field: "shape", invalid)
        let offsets = try nonNegativeIntegers(fields["data_offsets"], field: "data_offsets", invalid)
        guard offsets.count == 2 else {
            throw invalid("data_offsets has \(offsets.count) values, expected 2 (begin, end)")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else { throw invalid("data_offsets [\(begin), \(end)] end before they begin") }
        // Element and byte counts of hostile shapes can overflow Int; that is an invalid entry.
        var elements = 1
        for d in shape {
            let (p, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow else { throw invalid("shape \(WeightsError.format(shape)) has too many elements") }
            elements = p
        }
        let (byteCount, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, byteCount == end - begin else {
            throw invalid("data_offsets [\(begin), \(end)] span \(end - begin) bytes but \(dtype.rawValue) "
                + "shape \(WeightsError.format(shape)) needs \(overflow ? "more than Int.max" : String(byteCount))")
        }
        guard end <= dataCount else {
            throw .truncated(file: source, detail: "tensor \(name) needs data bytes [\(begin), \(end)) but "
                + "the data area has only \(dataCount) bytes")
        }
        return SafeTensorsTensorInfo(dtype: dtype, shape: shape, byteRange: begin..<end)
    }

    private static func nonNegativeIntegers(_ value: JSONValue?, field: String,
                                            _ invalid: (String) -> WeightsError) throws(WeightsError) -> [Int] {
        guard let value else { throw invalid("\(field) is missing") }
        guard case .array(let items) = value else {
            throw invalid("\(field) is \(value.kindDescription), expected an array of non-negative integers")
        }
        var result: [Int] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .int(let n) = item else {
                throw invalid("\(field)[\(i)] is \(item.kindDescription), expected a non-negative integer")
            }
            guard n >= 0 else { throw invalid("\(field)[\(i)] is \(n), expected a non-negative integer") }
            result.append(n)
        }
        return result
    }

    /// Rejects tensors sharing bytes. Empty tensors own no bytes and cannot overlap anything.
    /// Gaps between tensors are allowed: they waste space but are harmless.
    private static func checkOverlaps(_ tensors: [String: SafeTensorsTensorInfo], source: String) throws(WeightsError) {
        let ranges = tensors.filter { !$0.value.byteRange.isEmpty }
            .map { (name: $0.key, range: $0.value.byteRange) }
            .sorted { ($0.range.lowerBound, $0.name) < ($1.range.lowerBound, $1.name) }
        guard var furthest = ranges.first else { return }
        for r in ranges.dropFirst() {
            if r.range.lowerBound < furthest.range.upperBound {
                let (a, b) = (furthest, r)
                throw .overlappingTensors(file: source, first: a.name, second: b.name,
                                          detail: "bytes [\(a.range.lowerBound), \(a.range.upperBound)) and "
                                              + "[\(b.range.lowerBound), \(b.range.upperBound))")
            }
            if r.range.upperBound > furthest.range.upperBound { furthest = r }
        }
    }
}
