extension PriorConfig {
    /// LAION's public ViT-L/14 diffusion prior (huggingface.co/laion/DALLE2-PyTorch,
    /// `prior/prior_config.json`, the `prior` object), trained with dalle2-pytorch 1.1.0.
    /// Tests/Fixtures/prior/laion_vit_l14_config.json holds the same values as JSON.
    public static let laionViTL14 = PriorConfig(
        net: PriorNetworkConfig(dim: 768, depth: 12, numTimesteps: 1000, numTimeEmbeds: 1, numImageEmbeds: 1,
                                numTextEmbeds: 1, maxTextLen: 77, dimHead: 64, heads: 12, ffMult: 4,
                                normIn: false, normOut: true, finalProj: true, normformer: true, rotaryEmb: true),
        imageEmbedDim: 768, timesteps: 1000, sampleTimesteps: 64, condDropProb: 0.1, predictXStart: true,
        betaSchedule: .cosine, conditionOnTextEncodings: true)
}
