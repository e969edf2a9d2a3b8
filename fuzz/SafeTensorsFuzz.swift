// libFuzzer entry point for the safetensors header parser (built by fuzz/run.sh together with
// the parser's sources only: no Foundation, no I/O, no tensor library).
//
// Every input is parsed; when the header validates, each tensor's bytes are converted to
// Float32 as the reader would, so that any offset the validation let through is also read
// (AddressSanitizer reports a read outside the input).

@_cdecl("LLVMFuzzerTestOneInput")
public func safeTensorsFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    guard let header = try? SafeTensorsHeader.parse(bytes, source: "fuzz"), let base = bytes.baseAddress else {
        return 0
    }
    precondition(header.dataStart + header.dataCount == bytes.count, "data area does not end the input")
    // Converting is linear in the data; cap it so that one input stays fast.
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4096)
    defer { scratch.deallocate() }
    for name in header.names {
        guard let info = header.tensors[name] else { preconditionFailure("names and tensors disagree") }
        precondition(info.byteRange.upperBound <= header.dataCount, "tensor \(name) outside the data area")
        precondition(info.count * info.dtype.size == info.byteRange.count, "size check let \(name) through")
        let n = min(info.count, 4096)
        info.dtype.convert(base + header.dataStart + info.byteRange.lowerBound, count: n, into: scratch)
    }
    return 0
}
