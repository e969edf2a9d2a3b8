import Models

/// Every network config of a bundle, decoded and range-checked (`ConfigReader`) before any
/// network is built: the engine estimates the memory the bundle needs from these, then builds
/// the networks from the same values, so nothing is sized from a number that was not checked.
public struct BundleConfigs: Sendable {
    enum VocoderConfig: Sendable {
        case griffinLim(GriffinLimConfiguration)
        case bigvgan(BigVGANConfiguration)
    }

    let audio: BundleAudioConfig
    let clip: CLIPConfig
    let clipSettings: CLIPBundleSettings
    let prior: PriorConfig?
    let unet: UNetConfiguration
    let schedule: SchedulerConfiguration
    let vocoder: VocoderConfig
    let audioEncoder: AudioEncoderConfiguration?

    public init(manifest: BundleManifest) throws(WeightsError) {
        audio = manifest.audio
        (clip, clipSettings) = try CLIPModel.configs(of: manifest.clip)
        prior = try manifest.prior?.decodeConfig(PriorConfig.self)
        unet = try manifest.unet.decodeConfig(UNetConfiguration.self)
        schedule = try manifest.unet.decode(SchedulerConfiguration.self, field: "schedule")
        // BundleManifest.validate has already refused a vocoder kind other than these two.
        if manifest.vocoder.kind == "griffin-lim" {
            vocoder = .griffinLim(try manifest.vocoder.decodeConfig(GriffinLimConfiguration.self))
        } else {
            vocoder = .bigvgan(try manifest.vocoder.decodeConfig(BigVGANConfiguration.self))
        }
        audioEncoder = try manifest.audioEncoder?.decodeConfig(AudioEncoderConfiguration.self)
    }
}
