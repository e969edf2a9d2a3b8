import Foundation
import Models

/// A long take's waveform made part by part as its windows settle: part k is the frames from
/// where part k-1 ended to the next window's start, which no later window changes. Each part is
/// vocoded with up to `context` made frames on each side, so the vocoder hears the sound around
/// its cuts, and joined to the part before by crossfading from that part's own overhang, so the
/// join has neither a step nor a jump of phase (Griffin-Lim's phases are its own in each part).
///
/// The take's waveform is these parts whether or not anyone listens, so a recipe gives the same
/// take in the studio, which plays the parts as they come, and from the command line.
struct PartwiseWaveform {
    static let context = 16
    /// Frames crossfaded at each join, at most.
    static let fadeFrames = 4

    private(set) var samples: [Float] = []
    /// Frames vocoded so far.
    private(set) var frames = 0
    /// What the last part's vocoding gave past its end, to fade out of at the next join.
    private var overhang: [Float] = []
    private(set) var vocodingSeconds: Double = 0

    /// Vocodes frames [frames, to) of `mel`, whose frames before `madeTo` are made; returns the
    /// new samples (already joined to the ones before).
    mutating func add(_ mel: Tensor, to: Int, madeTo: Int, hop: Int,
                      vocoder: (Tensor) throws -> [Float]) throws -> [Float] {
        let from = frames
        let begin = max(0, from - Self.context), end = max(to, min(madeTo, to + Self.context))
        let started = Date()
        let wave = try vocoder(GenerationEngine.frames(of: mel, from: begin, count: end - begin))
        vocodingSeconds += Date().timeIntervalSince(started)
        let first = (from - begin) * hop, count = (to - from) * hop
        guard wave.count >= first + count else {
            throw EngineError.network("vocoder: \(wave.count) samples for \(end - begin) frames, fewer than \((to - begin) * hop)")
        }
        var part = Array(wave[first..<(first + count)])
        let fade = min(overhang.count, part.count)
        for i in 0..<fade {
            let w = (Float(i) + 0.5) / Float(fade)
            part[i] = overhang[i] * (1 - w) + part[i] * w
        }
        overhang = Array(wave[(first + count)...].prefix(Self.fadeFrames * hop))
        samples.append(contentsOf: part)
        frames = to
        return part
    }
}

/// What denoising made: the mel, and for a take made window by window its waveform too (see
/// `PartwiseWaveform`); otherwise the mel is vocoded whole.
struct DenoisedTake {
    let mel: Tensor
    var waveform: [Float]?
    var vocodingSeconds: Double = 0
}
