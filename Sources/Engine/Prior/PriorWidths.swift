import Foundation
import Models

/// The bundle's prior at each weight width a request asks for (`prior-weights`). The float32
/// sampler reads the bundle's weights as loaded; the float16 one is made from them on its first
/// request (one pass over the weight matrices) and kept, so later takes and A/B pairs reuse it. It holds its own half-size copy of the matrices: a prior of P weights
/// costs 2P bytes more once float16 has been used.
final class PriorWidths: @unchecked Sendable {
    let full: PriorSampler
    private var half: PriorSampler?
    private let lock = NSLock()
    /// Bytes free for the half copy, and where the figure comes from.
    private let availableMemory: @Sendable () -> (bytes: Double, source: String)

    init(_ full: PriorSampler, availableMemory: @escaping @Sendable () -> (bytes: Double, source: String)) {
        self.full = full
        self.availableMemory = availableMemory
    }

    func sampler(_ width: PriorWeightWidth) throws -> PriorSampler {
        guard width == .float16 else { return full }
        lock.lock(); defer { lock.unlock() }
        if let half { return half }
        let bytes = Double(full.network.weights.layers.reduce(0) { total, layer in
            total + [layer.toQ, layer.toKV, layer.toOut, layer.feedForwardIn, layer.feedForwardOut]
                .reduce(0) { $0 + $1.byteCount / 2 }
        })
        let available = availableMemory()
        guard bytes < available.bytes else {
            throw EngineError.insufficientMemory(what: "the prior's float16 weights", needed: bytes, available: available.bytes,
                                                 source: available.source, breakdown: "a half-size copy of its matrices",
                                                 advice: "use prior-weights float32, or close other programs")
        }
        do {
            let network = try DiffusionPriorNetwork(weights: try full.network.weights.at(width: .float16))
            let sampler = try PriorSampler(config: full.config, network: network)
            half = sampler
            return sampler
        } catch let error as WeightsError {
            throw EngineError.network("prior: \(error)")
        }
    }
}
