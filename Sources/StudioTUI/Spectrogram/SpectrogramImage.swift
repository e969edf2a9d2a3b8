import Models

/// A mel spectrogram to show: `values[row * cols + col]`, row 0 the lowest mel band. Copied out
/// of the engine's preview tensor on the engine's thread, so the UI holds no tensors.
public struct SpectrogramImage: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public let values: [Float]

    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "SpectrogramImage: \(values.count) values for \(rows)x\(cols)")
        self.rows = rows; self.cols = cols; self.values = values
    }

    /// From the engine's preview or a take's mel: [rows, cols] (a leading batch or channel axis
    /// of size 1 is accepted). Nil for any other shape.
    public init?(tensor: Tensor) {
        var shape = tensor.shape
        while shape.count > 2, shape.first == 1 { shape.removeFirst() }
        guard shape.count == 2, shape[0] > 0, shape[1] > 0 else { return nil }
        self.init(rows: shape[0], cols: shape[1], values: tensor.scalars)
    }

    public subscript(row: Int, col: Int) -> Float { values[row * cols + col] }
}
