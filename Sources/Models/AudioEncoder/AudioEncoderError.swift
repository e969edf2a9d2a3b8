/// A mel the audio encoder cannot take.
public enum AudioEncoderError: Error, Equatable, CustomStringConvertible {
    case wrongShape(found: [Int], nMels: Int)

    public var description: String {
        switch self {
        case let .wrongShape(found, nMels):
            "the audio encoder takes a mel of shape [\(nMels), frames] or [N, \(nMels), frames] with frames >= 1, found \(found)"
        }
    }
}
