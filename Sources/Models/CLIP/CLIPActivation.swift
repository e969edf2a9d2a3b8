/// The MLP activation named by a CLIP config's `hidden_act` (transformers' ACT2FN names).
public enum CLIPActivation: String, Codable, Sendable {
    /// x * sigmoid(1.702 x): OpenAI's checkpoints.
    case quickGELU = "quick_gelu"
    /// Exact (erf) GELU: LAION/open_clip checkpoints converted to transformers.
    case gelu
    /// tanh approximation.
    case geluTanh = "gelu_pytorch_tanh"
    case geluNew = "gelu_new"

    func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .quickGELU: return Ops.quickGELU(x)
        case .gelu: return Ops.gelu(x)
        case .geluTanh, .geluNew: return Ops.geluTanh(x)
        }
    }
}
