/// A weight source that only counts: every tensor it hands out is a view of one shared zero
/// buffer (grown when a larger tensor is asked for), so counting the full size costs ~20 MB, not 370.
struct CountingUNetWeights: UNetWeightSource {
    final class Tally: @unchecked Sendable {
        var parameters = 0
        var zeros = TensorStorage(count: 0)
    }

    let tally: Tally

    init(tally: Tally = Tally()) { self.tally = tally }

    func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor {
        let count = shape.reduce(1, *)
        tally.parameters += count
        if tally.zeros.count < count { tally.zeros = TensorStorage(count: count) }
        return Tensor(shape: shape, storage: tally.zeros)
    }

    func scoped(_ scope: String) -> CountingUNetWeights { self }
    func finish() throws(WeightsError) {}
}
