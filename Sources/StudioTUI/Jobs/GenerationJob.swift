import Engine
import Foundation

/// One press of Generate: a request, the modes to run with its seed (two for an A/B pair) and
/// where the takes' audio goes.
public struct GenerationJob: Sendable, Equatable {
    public var id: Int
    public var request: GenerationRequest
    public var modes: [ConditioningMode]
    /// The takes become an A/B pair (A the first mode, B the second).
    public var isABPair: Bool
    public var outputFolder: URL

    public init(id: Int, request: GenerationRequest, modes: [ConditioningMode], isABPair: Bool, outputFolder: URL) {
        self.id = id; self.request = request; self.modes = modes; self.isABPair = isABPair
        self.outputFolder = outputFolder
    }
}
