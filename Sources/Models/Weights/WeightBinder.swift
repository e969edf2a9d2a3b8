/// Hands a network its weights by name and shape, strictly.
///
/// Every `take` must find the tensor with exactly the expected shape, a floating-point
/// dtype and finite values, and `finish()` fails if any tensor of the file was never taken, so that a bundle
/// whose weights do not match its config is caught at load time, by name, instead of
/// producing noise. Scoped binders (`binder.scoped("down.0")`) prefix names and share the
/// record of what was taken.
///
/// ```swift
/// let b = try bundle.binder(.unet)
/// let conv = try b.scoped("down.0").take("conv.weight", shape: [64, 2, 3, 3])
/// try b.finish()
/// ```
public struct WeightBinder: Sendable {
    public let tensors: SafeTensors
    /// Prefix joined before every name, with its trailing dot ("" at the top).
    public let prefix: String
    private let taken: TakenNames

    public init(_ tensors: SafeTensors) {
        self.tensors = tensors
        prefix = ""
        taken = TakenNames()
    }

    private init(tensors: SafeTensors, prefix: String, taken: TakenNames) {
        self.tensors = tensors
        self.prefix = prefix
        self.taken = taken
    }

    /// A binder whose names are relative to `scope` (joined with a dot).
    public func scoped(_ scope: String) -> WeightBinder {
        WeightBinder(tensors: tensors, prefix: scope.isEmpty ? prefix : prefix + scope + ".", taken: taken)
    }

    /// The full name of `name` in the file.
    public func fullName(_ name: String) -> String { prefix + name }

    /// Whether the file has `name` (for weights whose presence the config decides, like biases).
    public func contains(_ name: String) -> Bool { tensors.contains(fullName(name)) }

    /// The tensor `name`, which must have exactly `shape`.
    public func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor {
        let full = fullName(name)
        guard let info = tensors.header.tensors[full] else {
            throw .missingTensor(file: tensors.source, tensor: full)
        }
        guard info.shape == shape else {
            throw .shapeMismatch(file: tensors.source, tensor: full, found: info.shape, expected: shape)
        }
        guard info.dtype.isFloatingPoint else {
            throw .notFloatingPoint(file: tensors.source, tensor: full, dtype: info.dtype.rawValue)
        }
        let tensor = try tensors.tensor(full)
        // A NaN or infinity in a weight would spread through every take; it is refused at
        // load, naming the tensor (one more pass over the weights, at memory speed). The file
        // reader itself stays faithful, so tools can still inspect such a file.
        if let i = FiniteCheck.firstNonFinite(tensor) {
            throw .nonFinite(file: tensors.source, tensor: full, index: i, value: "\(tensor.pointer[i])")
        }
        // The check read the tensor in; a take reads it again only if it needs it, so its pages
        // go back now rather than holding a whole bundle in memory while it loads.
        tensors.bytes.releaseResidentPages(of: tensor.pointer, byteCount: tensor.count * MemoryLayout<Float>.stride)
        taken.insert(full)
        return tensor
    }

    /// The tensor `name` if the file has it; a present tensor must still have `shape`.
    public func takeIfPresent(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor? {
        contains(name) ? try take(name, shape: shape) : nil
    }

    /// Marks tensors as used without loading them (buffers the Swift port recomputes, such as
    /// PyTorch's `position_ids`). Names that are absent are ignored.
    public func skip(_ names: [String]) {
        for name in names where contains(name) { taken.insert(fullName(name)) }
    }

    /// Fails if any tensor of the file (under this binder's prefix) was never taken.
    public func finish() throws(WeightsError) {
        let left = tensors.names.filter { $0.hasPrefix(prefix) && !taken.contains($0) }
        if !left.isEmpty { throw .unexpectedTensors(file: tensors.source, names: left) }
    }
}
