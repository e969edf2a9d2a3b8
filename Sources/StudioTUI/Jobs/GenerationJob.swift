import Engine
import Foundation

/// One press of Generate: a request, the modes to run with its seed (two for an A/B pair) or the
/// seeds to run it with (variations), and where the takes' audio goes.
public struct GenerationJob: Sendable, Equatable {
    public var id: Int
    public var request: GenerationRequest
    public var modes: [ConditioningMode]
    /// The takes become an A/B pair (A the first mode, B the second).
    public var isABPair: Bool
    /// One take per seed, in order, made one after another; more than one makes a variation group.
    public var seeds: [UInt64]
    public var outputFolder: URL

    public init(id: Int, request: GenerationRequest, modes: [ConditioningMode], isABPair: Bool, outputFolder: URL,
                seeds: [UInt64]? = nil) {
        self.id = id; self.request = request; self.modes = modes; self.isABPair = isABPair
        self.outputFolder = outputFolder
        self.seeds = seeds ?? [request.seed]
    }

    public var isVariationGroup: Bool { seeds.count > 1 }
}
