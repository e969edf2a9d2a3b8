extension MelConfiguration {
    /// The mel framing of a bundle's `audio` section (bundle.json spells the keys
    /// `sample_rate`, `hop`, `win`, `n_mels`; BigVGAN's config.json `sampling_rate`,
    /// `hop_size`, `win_size`, `num_mels`).
    public init(bundleAudio a: BundleAudioConfig) {
        self.init(sampleRate: a.sampleRate, nFFT: a.nFFT, hopSize: a.hop, winSize: a.win, numMels: a.nMels,
                  fmin: a.fmin, fmax: a.fmax)
    }
}
