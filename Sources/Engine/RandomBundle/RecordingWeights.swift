import Models

/// Collects the tensors a random weight source hands out, so that a network built from random
/// weights can be written to a bundle under exactly the names and shapes its loader asks for.
final class TensorRecorder: @unchecked Sendable {
    var tensors: [String: Tensor] = [:]
}

struct RecordingUNetWeights: UNetWeightSource {
    let base: RandomUNetWeights
    let recorder: TensorRecorder
    let prefix: String

    func take(_ name: String, shape: [Int]) throws(WeightsError) -> Tensor {
        let t = try base.take(name, shape: shape)
        recorder.tensors[prefix + name] = t
        return t
    }
    func scoped(_ scope: String) -> RecordingUNetWeights {
        RecordingUNetWeights(base: base.scoped(scope), recorder: recorder, prefix: prefix + scope + ".")
    }
    func finish() throws(WeightsError) {}
}
