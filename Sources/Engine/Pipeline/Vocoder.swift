import Models

/// The bundle's vocoder: normalised log-mel [nMels, frames] (what the U-Net generates) to audio.
enum Vocoder: Sendable {
    case griffinLim(GriffinLim)
    case bigvgan(BigVGAN, BundleMelLog)

    static func load(from bundle: ModelBundle, config: BundleConfigs.VocoderConfig) throws -> Vocoder {
        switch config {
        case .griffinLim(let config):
            let mel = MelConfiguration(bundleAudio: bundle.manifest.audio)
            return .griffinLim(try GriffinLim(melConfiguration: mel, configuration: config,
                                              logRule: bundle.manifest.audio.log))
        case .bigvgan(let config):
            return .bigvgan(try BigVGAN(configuration: config, binder: try bundle.binder(.vocoder)),
                            bundle.manifest.audio.log)
        }
    }

    /// mel: [nMels, frames], normalised as the bundle's audio.log says.
    func waveform(_ mel: Tensor) throws -> [Float] {
        switch self {
        case let .griffinLim(g):
            return try g(mel).scalars
        case let .bigvgan(net, log):
            // BigVGAN takes natural-log mels: undo the normalisation (and a base-10 log).
            let scale = Float(log.std) * (log.base == .e ? 1 : 2.302585093)
            let shift = Float(log.mean) * (log.base == .e ? 1 : 2.302585093)
            let ln = Ops.map(mel) { $0 * scale + shift }
            return try net(ln.reshaped([1] + ln.shape)).scalars
        }
    }
}
