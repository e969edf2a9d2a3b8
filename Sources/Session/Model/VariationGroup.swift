import Foundation

/// Takes of one prompt made together with different seeds, auditioned side by side: the A/B
/// pair generalised to K takes. Members are in the order they were made (seed, seed+1, ...).
public struct VariationGroup: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var takes: [Take.ID]

    public init(id: UUID = UUID(), takes: [Take.ID]) {
        self.id = id
        self.takes = takes
    }

    /// The most variations one group holds: one key each, 1 to 8.
    public static let maximumSize = 8
}
