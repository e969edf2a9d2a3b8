import Foundation

/// How audible a loop's seam is, against the take's own interior: the jump between the last
/// sample and the first, and the spectral flux of the frame that straddles the wrap, each next
/// to the 95th percentile of the same measure inside the take (the maximum is set by the
/// take's own onsets, which any seam would hide under).
public struct LoopSeam: Sendable, CustomStringConvertible {
    public let jump: Float
    public let interiorJump: Float
    public let flux: Double
    public let interiorFlux: Double

    /// Within the interior's usual range on both measures: no click, no spectral step.
    public var isSeamless: Bool { jump <= interiorJump && flux <= interiorFlux }

    public var description: String {
        String(format: "sample jump %.4f (interior p95 %.4f), flux %.2f (interior p95 %.2f)", jump, interiorJump,
               flux, interiorFlux)
    }

    static func percentile95<T: Comparable>(_ values: [T]) -> T {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
    }

    /// Frames of `frame` samples every `hop` over the waveform played twice in a row.
    public init(_ wave: [Float], frame: Int = 512, hop: Int = 128) {
        let n = wave.count
        precondition(n > 2 * frame, "a loop must be longer than two analysis frames")
        jump = abs(wave[0] - wave[n - 1])
        interiorJump = Self.percentile95((1..<n).map { abs(wave[$0] - wave[$0 - 1]) })
        let twice = wave + wave
        let cosTable = (0..<frame).map { cos(2 * Double.pi * Double($0) / Double(frame)) }
        let sinTable = (0..<frame).map { sin(2 * Double.pi * Double($0) / Double(frame)) }
        let window = (0..<frame).map { 0.5 - 0.5 * cosTable[$0] }
        func spectrum(at start: Int) -> [Double] {
            // Hann-windowed DFT magnitudes, directly: only a few dozen frames are needed.
            (0..<(frame / 2)).map { k -> Double in
                var re = 0.0, im = 0.0
                for j in 0..<frame {
                    let v = Double(twice[start + j]) * window[j]
                    let index = (k * j) % frame
                    re += v * cosTable[index]; im -= v * sinTable[index]
                }
                return (re * re + im * im).squareRoot()
            }
        }
        func flux(at start: Int) -> Double {
            zip(spectrum(at: start - hop), spectrum(at: start)).reduce(0) { $0 + max(0, $1.1 - $1.0) }
        }
        // Interior: frame pairs lying wholly inside one play of the take (every other hop).
        interiorFlux = Self.percentile95(stride(from: hop, through: n - frame, by: 2 * hop).map { flux(at: $0) })
        // The seam: the frame centred on the wrap against the one a hop before it.
        self.flux = flux(at: n - frame / 2)
    }
}
