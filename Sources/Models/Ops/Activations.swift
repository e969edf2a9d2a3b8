import CKernels
import Foundation

extension Ops {
    /// Applies `f` to every element, in parallel.
    public static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        let y = Tensor(uninitialized: x.shape)
        let n = x.count
        let blocks = (n + 4095) / 4096
        ComputeThreads.parallelFor(blocks) { blk in
            let lo = blk * 4096, hi = Swift.min(n, lo + 4096)
            for i in lo..<hi { y.pointer[i] = f(x.pointer[i]) }
        }
        return y
    }

    /// `torch.nn.functional.gelu` (exact, erf form).
    public static func gelu(_ x: Tensor) -> Tensor {
        map(x) { v in 0.5 * v * (1 + erff(v * 0.70710678118654752)) }
    }

    /// `torch.nn.functional.gelu(approximate="tanh")`.
    public static func geluTanh(_ x: Tensor) -> Tensor {
        map(x) { v in 0.5 * v * (1 + tanhf(0.79788456080286536 * (v + 0.044715 * v * v * v))) }
    }

    /// OpenAI CLIP's `x * sigmoid(1.702 x)`.
    public static func quickGELU(_ x: Tensor) -> Tensor { sigmoidGate(x, 1.702) }

    /// `torch.nn.functional.silu`.
    public static func silu(_ x: Tensor) -> Tensor { sigmoidGate(x, 1) }

    /// x * sigmoid(k x), vectorised (the exponential dominates these activations).
    private static func sigmoidGate(_ x: Tensor, _ k: Float) -> Tensor {
        OpProfile.measure("x*sigmoid(\(k)x)") { sigmoidGateKernel(x, k) }
    }

    private static func sigmoidGateKernel(_ x: Tensor, _ k: Float) -> Tensor {
        let y = Tensor(uninitialized: x.shape)
        let n = x.count
        ComputeThreads.parallelFor((n + 4095) / 4096) { blk in
            let lo = blk * 4096
            csk_sigmoid_gate(x.pointer + lo, y.pointer + lo, Swift.min(n, lo + 4096) - lo, k)
        }
        return y
    }

    public static func sigmoid(_ x: Tensor) -> Tensor { map(x) { v in 1 / (1 + expf(-v)) } }

    /// BigVGAN's Snake: x + 1/(alpha + 1e-9) * sin(alpha x)^2, alpha per channel (exp(alpha)
    /// when the checkpoint stores it in log scale). x: [N, C, L], alpha: [C]
    public static func snake(_ x: Tensor, alpha: Tensor, logScale: Bool) -> Tensor {
        snakeKernel(x, alpha: alpha, beta: alpha, logScale: logScale)
    }

    /// BigVGAN's SnakeBeta: x + 1/(beta + 1e-9) * sin(alpha x)^2. x: [N, C, L], alpha, beta: [C]
    public static func snakeBeta(_ x: Tensor, alpha: Tensor, beta: Tensor, logScale: Bool) -> Tensor {
        snakeKernel(x, alpha: alpha, beta: beta, logScale: logScale)
    }

    private static func snakeKernel(_ x: Tensor, alpha: Tensor, beta: Tensor, logScale: Bool) -> Tensor {
        precondition(x.rank == 3 && alpha.count == x.shape[1] && beta.count == x.shape[1],
                     "snake: x \(x.shape), alpha \(alpha.shape), beta \(beta.shape)")
        let c = x.shape[1], l = x.shape[2]
        let y = Tensor(zeros: x.shape)
        ComputeThreads.parallelFor(x.shape[0] * c) { i in
            var a = alpha.pointer[i % c], b = beta.pointer[i % c]
            if logScale { a = expf(a); b = expf(b) }
            let inv = 1 / (b + 1e-9)
            let s = x.pointer + i * l, d = y.pointer + i * l
            for j in 0..<l { let t = sinf(s[j] * a); d[j] = s[j] + inv * t * t }
        }
        return y
    }
}
