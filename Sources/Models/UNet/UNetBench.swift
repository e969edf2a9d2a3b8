/// Builds the benchmark's U-Net so that the bench executable can time it against
/// bench/unet_bench.py (PyTorch) on the same shapes.
public enum UNetBench {
    /// The full-size U-Net (DESIGN.md) with random weights made in memory (~370 MB, a second or two).
    public static func randomFullSize(seed: UInt64 = 0) -> UNet {
        random(configuration: .full, seed: seed)
    }

    /// Any valid configuration with random weights.
    public static func random(configuration: UNetConfiguration, seed: UInt64 = 0) -> UNet {
        do {
            return try UNet(configuration: configuration, weights: RandomUNetWeights(seed: seed))
        } catch {
            // Random weights are made to the configuration's own shapes; only an invalid
            // configuration can fail, and the benchmark's configurations are fixed in code.
            preconditionFailure("UNetBench: \(error)")
        }
    }

    /// Inputs for one step of `unet` on `batch` samples (2 = a guided step) of `frames` frames.
    /// -> (x [batch, in, n_mels, frames], timeSteps [batch], clip [batch, clip_dim])
    public static func inputs(for unet: UNet, batch: Int, frames: Int = 256) -> (Tensor, Tensor, Tensor) {
        let c = unet.configuration
        let x = Tensor(zeros: [batch, c.inChannels, c.nMels, frames])
        for i in 0..<x.count { x.pointer[i] = Float((i * 7919) % 2000) / 1000 - 1 }
        let clip = Tensor(zeros: [batch, c.clipDim])
        for i in 0..<clip.count { clip.pointer[i] = Float((i * 104_729) % 2000) / 20000 - 0.05 }
        return (x, Tensor(shape: [batch], repeating: 500), clip)
    }

    /// Parameter count of `configuration` (92,415,617 for `.full`), by the same layer walk the
    /// loader does.
    public static func parameterCount(_ configuration: UNetConfiguration) throws(WeightsError) -> Int {
        let counter = CountingUNetWeights()
        _ = try UNet(configuration: configuration, weights: counter)
        return counter.tally.parameters
    }
}
