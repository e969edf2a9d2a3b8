/// Everything that can go wrong reading or writing weights and bundles.
///
/// Every case names the file it is about (`file` is the path as the user gave it), and the
/// description ends with what to do about it, because these messages reach the user as-is.
public enum WeightsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, mapped or read (missing, a directory, no permission).
    case unreadable(file: String, reason: String)
    /// The file ends before the data its header promises.
    case truncated(file: String, detail: String)
    /// The header length field claims more than the 100 MB the format allows.
    case headerTooLarge(file: String, length: UInt64)
    /// The header is not valid JSON or not shaped like a safetensors header.
    case malformedHeader(file: String, detail: String)
    /// One tensor's entry in the header is inconsistent (dtype, shape, offsets).
    case invalidTensorEntry(file: String, tensor: String, detail: String)
    /// Two tensors claim some of the same bytes.
    case overlappingTensors(file: String, first: String, second: String, detail: String)
    /// A tensor that was asked for is not in the file.
    case missingTensor(file: String, tensor: String)
    /// A tensor has another shape than the network expects.
    case shapeMismatch(file: String, tensor: String, found: [Int], expected: [Int])
    /// A tensor is stored as integers or booleans where the network needs real numbers.
    case notFloatingPoint(file: String, tensor: String, dtype: String)
    /// Tensors that no part of the network took.
    case unexpectedTensors(file: String, names: [String])
    /// bundle.json (or a section of it) is missing a field, has a mistyped or invalid field.
    /// `path` is the JSON path, e.g. `audio.sample_rate`; empty for the whole document.
    case invalidManifest(file: String, path: String, detail: String)
    /// A file that bundle.json names is not in the bundle folder.
    case missingBundleFile(bundle: String, component: String, file: String)
    /// Writing failed; the previous file at that path, if any, is untouched.
    case writeFailed(file: String, reason: String)
    /// A weight holds NaN or infinity.
    case nonFinite(file: String, tensor: String, index: Int, value: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason); check the path and its permissions"
        case let .truncated(file, detail):
            return "\(file): truncated safetensors file: \(detail); the file is incomplete or "
                + "corrupt, copy or export it again"
        case let .headerTooLarge(file, length):
            return "\(file): safetensors header length \(length) bytes exceeds the 100 MB limit; "
                + "this is not a safetensors file or it is corrupt"
        case let .malformedHeader(file, detail):
            return "\(file): malformed safetensors header: \(detail); this is not a safetensors "
                + "file or it is corrupt, export it again"
        case let .invalidTensorEntry(file, tensor, detail):
            return "\(file): tensor \(tensor): \(detail); the file is corrupt, export it again"
        case let .overlappingTensors(file, first, second, detail):
            return "\(file): tensors \(first) and \(second) overlap (\(detail)); the file is "
                + "corrupt, export it again"
        case let .missingTensor(file, tensor):
            return "\(file): tensor \(tensor) is missing; the weights do not match the network "
                + "config in bundle.json, export the bundle again"
        case let .shapeMismatch(file, tensor, found, expected):
            return "\(file): tensor \(tensor) has shape \(Self.format(found)), expected "
                + "\(Self.format(expected)); the weights do not match the network config in "
                + "bundle.json, export the bundle again"
        case let .notFloatingPoint(file, tensor, dtype):
            return "\(file): tensor \(tensor) has dtype \(dtype), expected a floating-point dtype "
                + "(F32, F16, BF16); export the weights again as floating point"
        case let .unexpectedTensors(file, names):
            let shown = names.prefix(10).joined(separator: ", ")
            let more = names.count > 10 ? " and \(names.count - 10) more" : ""
            return "\(file): unexpected tensors: \(shown)\(more); the weights do not match the "
                + "network config in bundle.json, export the bundle again"
        case let .invalidManifest(file, path, detail):
            let at = path.isEmpty ? "" : "\(path): "
            return "\(file): \(at)\(detail); fix bundle.json or export the bundle again"
        case let .missingBundleFile(bundle, component, file):
            return "bundle \(bundle): \(component) file \(file) is missing; copy the whole "
                + "bundle folder again or fix bundle.json"
        case let .writeFailed(file, reason):
            return "\(file): cannot write: \(reason); check free space and permissions"
        case let .nonFinite(file, tensor, index, value):
            return "\(file): tensor \(tensor) holds \(value) at element \(index); the weights are damaged or were "
                + "exported from a diverged model: re-export or re-download them"
        }
    }

    /// `[64,1,3,3]`: PyTorch-like, compact so that long shapes stay on one line.
    static func format(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ",") + "]"
    }
}
