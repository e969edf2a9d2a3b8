import Foundation

/// Where starring a take put its audio copy and sidecar.
public struct FavouriteCopy: Sendable, Equatable {
    public var audioURL: URL
    public var sidecarURL: URL
}
