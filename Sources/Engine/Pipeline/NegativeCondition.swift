import Foundation
import Models

/// How a negative prompt steers a take.
///
/// The condition embedding is turned away from the negative's within the plane of the two:
/// ĉ' = normalize(ĉ − s·(n̂ − (n̂·ĉ)ĉ)), s the request's negative-strength. The U-Net's guidance
/// is left as it is, so the take keeps the prompt's own guidance and costs nothing more.
/// The negative is taken in the condition's space: its text embedding in zero-shot mode, its
/// prior-made picture embedding in the other modes (CLIP's text and picture embeddings lie
/// apart, so a text embedding set against a picture embedding mostly measures that gap).
///
/// Measured on models/mini (EVAL.md) against the ways tried before and while choosing: the
/// negative's text embedding in place of the unconditional branch (the engine's way before:
/// it cost 29 points of target accuracy on negatives that resemble the prompt), the prior's
/// embedding there (38 points), Perp-Neg guidance (Armandpour et al. 2023; 9 to 33 points at
/// weights 0.2 to 1). Turning the condition at strength 0.5 cost 5 points for a larger drop in
/// the negative class's probability than any of them.
enum NegativeCondition: Equatable {
    /// Turned away from the negative in the condition's space (the engine's way).
    case turningTheCondition
    /// The negative's text embedding in place of the unconditional branch, in every mode.
    case replacingUnconditionalWithText

    /// `CLIPSONIC_NEGATIVE=text` restores the engine's way before, kept only so that
    /// models/mini/EVAL.md can compare the two.
    static let method: NegativeCondition =
        ProcessInfo.processInfo.environment["CLIPSONIC_NEGATIVE"] == "text" ? .replacingUnconditionalWithText : .turningTheCondition

    /// normalize(ĉ − s·(n̂ − (n̂·ĉ)ĉ)) on the unit vectors of `condition` and `negative`, [1, D].
    static func turn(_ condition: Tensor, awayFrom negative: Tensor, strength: Float) -> Tensor {
        let c = GenerationEngine.normalized(condition), n = GenerationEngine.normalized(negative)
        var dot: Float = 0
        for i in 0..<min(c.count, n.count) { dot += c.pointer[i] * n.pointer[i] }
        let turned = c.copy()
        for i in 0..<turned.count { turned.pointer[i] -= strength * (n.pointer[i] - dot * c.pointer[i]) }
        return GenerationEngine.normalized(turned)
    }
}
