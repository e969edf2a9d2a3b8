/// How a take longer than the bundle's window is laid out: windows of the native length, each
/// denoised with its first frames held to what the previous one made.
///
/// A straight take's windows start `window - overlap` frames apart; the last one is only as wide
/// as the frames left (rounded up to the U-Net's size multiple), so a take costs the frames it
/// has plus its overlaps, not whole windows: time grows with duration, not in steps of a window.
/// What the rounding adds past `totalFrames` is cut off, so the take has exactly the length asked for.
/// A loop's windows go round a circle of `totalFrames`, spread evenly so that every pair of
/// neighbours overlaps by at least `overlap`, the last one and the first included: the last
/// window holds its first `overlap` frames to the window before it and, where it wraps past
/// `totalFrames`, `overlap` frames to the take's first frames. The sound then continues into its
/// own beginning as it continues from one window to the next. With a loop's default overlap every
/// window keeps a quarter of a window free at least: its neighbours are half a window apart or more.
struct WindowPlan: Equatable, Sendable {
    let totalFrames: Int
    let window: Int
    let overlap: Int
    let circular: Bool
    /// Widths the U-Net runs without padding (2^(levels - 1)); a narrowed last window is a
    /// multiple of it.
    let sizeMultiple: Int

    /// An eighth of a window for a straight take: 0.256 s of context for models/mini, for a cost
    /// of 8/7 of a stretched generation per second of sound, within the 15% a long take may cost
    /// over a native one. A quarter (0.512 s) cost 4/3 and held events no better: on the first
    /// test sample of each counted and pitched class, 30 s takes' count error per window was 0.82
    /// with a quarter and 0.72 with an eighth (native 0.62); models/mini/EVAL.md has the eighth
    /// on three samples a class. A loop keeps a quarter: its last window is held at both ends,
    /// and its seam is the one join a listener hears again and again.
    static func overlap(forWindow window: Int, circular: Bool = false) -> Int {
        max(1, circular ? window / 4 : window / 8)
    }

    init(totalFrames: Int, window: Int, overlap: Int? = nil, circular: Bool = false, sizeMultiple: Int = 1) {
        self.totalFrames = totalFrames
        self.window = window
        self.overlap = min(overlap ?? Self.overlap(forWindow: window, circular: circular), window - 1)
        self.circular = circular
        self.sizeMultiple = max(1, sizeMultiple)
    }

    var hop: Int { window - overlap }

    /// First frame of each window.
    var starts: [Int] {
        guard totalFrames > window else { return [0] }
        if circular {
            // Evenly spaced round the circle, at most `hop` apart.
            let count = (totalFrames + hop - 1) / hop
            return (0..<count).map { $0 * totalFrames / count }
        }
        let count = 1 + (totalFrames - window + hop - 1) / hop
        return (0..<count).map { $0 * hop }
    }

    /// Where, in a loop's last window, the circle closes: from that frame on, the window goes
    /// over the take's first frames again, and its next `overlap` frames are held to them (what
    /// lies after is denoised freely and dropped). Nil for every other window.
    func wrap(_ k: Int) -> Int? {
        let s = starts
        guard circular, s.count > 1, k == s.count - 1 else { return nil }
        return totalFrames - s[k]
    }

    /// Frames window `k` denoises: the whole window, except a straight take's last one, which
    /// covers what is left (more than `overlap` frames, as the windows before it end short of
    /// `totalFrames`) rounded up to `sizeMultiple`. A loop's last window stays whole: past its
    /// wrap it holds the take's first frames and needs room between the two held ends.
    func width(_ k: Int) -> Int {
        let s = starts
        guard !circular, s.count > 1, k == s.count - 1 else { return window }
        let left = totalFrames - s[k]
        return min(window, (left + sizeMultiple - 1) / sizeMultiple * sizeMultiple)
    }

    /// Frames of window `k` that the take keeps: up to the next window's first frame is not
    /// enough (the next window's held frames are crossfaded into these), so to the end of the
    /// window, or to the wrap.
    func kept(_ k: Int) -> Int { wrap(k) ?? width(k) }
}
