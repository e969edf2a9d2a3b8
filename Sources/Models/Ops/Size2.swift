/// A (height, width) pair for 2-D convolution and pooling arguments; an integer literal means
/// the same value on both axes, as in PyTorch.
public struct Size2: Equatable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var h: Int
    public var w: Int
    public init(_ h: Int, _ w: Int) { self.h = h; self.w = w }
    public init(integerLiteral value: Int) { self.init(value, value) }
    public var description: String { "(\(h), \(w))" }
}

/// How `Ops.pad1d` fills the new samples, with PyTorch's `F.pad` mode names in mind.
public enum PadMode: Sendable {
    case zeros, reflect, replicate
}

/// The network operations, each matching the PyTorch function named in its comment.
/// Every operation returns a new tensor; inputs are never modified.
public enum Ops {}
