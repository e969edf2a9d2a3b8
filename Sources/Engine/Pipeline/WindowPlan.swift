/// How a take longer than the bundle's window is laid out: windows of the native length, each
/// starting `window - overlap` frames after the previous one, so that every window after the
/// first is denoised with its first `overlap` frames held to what the previous one made.
struct WindowPlan: Equatable, Sendable {
    let totalFrames: Int
    let window: Int
    let overlap: Int

    /// A quarter of a window: 0.5 s of context for models/mini, for a cost of 4/3 of a
    /// stretched generation per second of sound.
    static func overlap(forWindow window: Int) -> Int { max(1, window / 4) }

    init(totalFrames: Int, window: Int, overlap: Int? = nil) {
        self.totalFrames = totalFrames
        self.window = window
        self.overlap = min(overlap ?? Self.overlap(forWindow: window), window - 1)
    }

    var hop: Int { window - overlap }

    /// First frame of each window. The last window ends at or past `totalFrames`; what lies past
    /// it is cut off, so the take has exactly the length asked for.
    var starts: [Int] {
        guard totalFrames > window else { return [0] }
        let count = 1 + (totalFrames - window + hop - 1) / hop
        return (0..<count).map { $0 * hop }
    }
}
