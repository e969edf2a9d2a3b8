/// The configurations of the random bundles, as bundle.json sections.
struct RandomBundleSpec {
    let audio, clip, prior, unet, schedule: String
    /// The `audio_encoder.config` section, written only when a random encoder is asked for.
    let audioEncoder: String

    /// Small enough that a whole take runs in well under a second in a debug build.
    static let tiny = RandomBundleSpec(
        audio: #"{"sample_rate": 16000, "n_fft": 512, "hop": 128, "win": 512, "n_mels": 32, "fmin": 0, "fmax": 8000, "frames": 64, "log": {"base": "e", "floor": 1e-5, "mean": -5, "std": 5}}"#,
        clip: #"{"projection_dim": 32, "text_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "max_position_embeddings": 77, "vocab_size": 49408, "hidden_act": "quick_gelu"}, "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "image_size": 32, "patch_size": 8, "hidden_act": "quick_gelu"}}"#,
        prior: #"{"net": {"dim": 32, "depth": 2, "num_timesteps": 100, "max_text_len": 77, "num_time_embeds": 1, "num_image_embeds": 1, "num_text_embeds": 1, "dim_head": 16, "heads": 2, "ff_mult": 4, "norm_out": true, "attn_dropout": 0.0, "ff_dropout": 0.0, "final_proj": true, "normformer": true, "rotary_emb": true}, "image_embed_dim": 32, "timesteps": 100, "sample_timesteps": 10, "cond_drop_prob": 0.1, "predict_x_start": true, "beta_schedule": "cosine", "condition_on_text_encodings": true}"#,
        unet: #"{"base_channels": 16, "channel_multipliers": [1, 2], "res_blocks": 1, "attention_levels": [1], "head_channels": 16, "clip_dim": 32, "time_embed_dim": 32, "norm_groups": 8, "n_mels": 32}"#,
        schedule: #"{"train_steps": 1000, "beta_schedule": "cosine", "beta_start": 0.0001, "beta_end": 0.02, "prediction": "v"}"#,
        // The shapes of Tests/Fixtures/audio_encoder/tiny (training/clipsonic/audio_encoder.py).
        audioEncoder: #"{"n_mels": 32, "channels": [8, 16, 16], "norm_groups": 4, "norm_eps": 1e-05, "hidden_dim": 24, "embed_dim": 32}"#)

    /// CLIPSonic's real shapes: OpenAI CLIP ViT-L/14, LAION's ViT-L/14 prior, DESIGN.md's
    /// benchmark U-Net, BigVGAN v2 22 kHz 80-band 256x.
    static let full = RandomBundleSpec(
        audio: #"{"sample_rate": 22050, "n_fft": 1024, "hop": 256, "win": 1024, "n_mels": 80, "fmin": 0, "fmax": 8000, "frames": 344, "log": {"base": "e", "floor": 1e-5, "mean": 0, "std": 1}}"#,
        clip: #"{"projection_dim": 768, "text_config": {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12, "max_position_embeddings": 77, "vocab_size": 49408, "hidden_act": "quick_gelu"}, "vision_config": {"hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24, "num_attention_heads": 16, "image_size": 224, "patch_size": 14, "hidden_act": "quick_gelu"}}"#,
        prior: #"{"net": {"dim": 768, "depth": 12, "num_timesteps": 1000, "max_text_len": 77, "num_time_embeds": 1, "num_image_embeds": 1, "num_text_embeds": 1, "dim_head": 64, "heads": 12, "ff_mult": 4, "norm_out": true, "attn_dropout": 0.05, "ff_dropout": 0.05, "final_proj": true, "normformer": true, "rotary_emb": true}, "image_embed_dim": 768, "timesteps": 1000, "sample_timesteps": 64, "cond_drop_prob": 0.1, "predict_x_start": true, "beta_schedule": "cosine", "condition_on_text_encodings": true}"#,
        unet: #"{"base_channels": 128, "channel_multipliers": [1, 2, 3, 4], "res_blocks": 2, "attention_levels": [2, 3], "head_channels": 64, "clip_dim": 768, "norm_groups": 32, "n_mels": 80}"#,
        schedule: #"{"train_steps": 1000, "beta_schedule": "cosine", "beta_start": 0.0001, "beta_end": 0.02, "prediction": "v"}"#,
        // AudioEncoderConfiguration's defaults, at 80 mels into ViT-L/14's 768-wide space.
        audioEncoder: #"{"n_mels": 80, "channels": [32, 64, 128, 128], "norm_groups": 8, "norm_eps": 1e-05, "hidden_dim": 256, "embed_dim": 768}"#)
}
