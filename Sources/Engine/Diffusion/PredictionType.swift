/// What the network is trained to predict from a noisy sample x_t = √ᾱ x₀ + √(1-ᾱ) ε.
public enum PredictionType: String, Codable, Sendable, CaseIterable {
    /// The noise ε (diffusers "epsilon").
    case eps
    /// v = √ᾱ ε - √(1-ᾱ) x₀ (diffusers "v_prediction").
    case v
    /// The clean sample x₀ itself (diffusers "sample").
    case x0
}
