"""The `audio_encoder` component of a bundle: audio_encoder.safetensors (the encoder's state_dict
under its own names, training/clipsonic/audio_encoder.py) and bundle.json's section

    "audio_encoder": {"weights": "audio_encoder.safetensors", "config": AudioEncoderConfig.to_dict(),
                      "logit_scale": the trained log temperature scale, "steps": training steps}

The component is optional: a bundle without it generates as before. export.py writes it with
--audio-encoder, into a new bundle or (--add-audio-encoder) into an existing one.
"""
import os

import torch
from safetensors.torch import save_file

from .audio_encoder import AudioEncoder, AudioEncoderConfig

WEIGHTS_FILE = "audio_encoder.safetensors"
SECTION = "audio_encoder"


class AudioEncoderExportError(Exception):
    """The checkpoint cannot become a bundle component; the message names it and why."""


def load_checkpoint(path: str) -> dict:
    try:
        ck = torch.load(path, map_location="cpu", weights_only=False)
    except (OSError, RuntimeError, EOFError) as e:
        raise AudioEncoderExportError(f"{path}: cannot read the audio encoder checkpoint ({e})") from e
    missing = [k for k in ("model", "encoder_config", "audio", "logit_scale") if k not in ck]
    if missing:
        raise AudioEncoderExportError(f"{path}: not a train_audio_encoder.py checkpoint (no {missing})")
    return ck


def write_component(checkpoint: str, folder: str, clip_dim: int, n_mels: int, dtype: str = "f32") -> dict:
    """Writes audio_encoder.safetensors into `folder`; returns the bundle.json section. The encoder
    must make `clip_dim`-wide embeddings of `n_mels`-band mels (the bundle's CLIP and audio)."""
    ck = load_checkpoint(checkpoint)
    cfg = AudioEncoderConfig.from_dict(ck["encoder_config"])
    if cfg.embed_dim != clip_dim:
        raise AudioEncoderExportError(f"{checkpoint}: the encoder makes {cfg.embed_dim}-wide embeddings, "
                                      f"the bundle's CLIP {clip_dim}-wide ones")
    if cfg.n_mels != n_mels:
        raise AudioEncoderExportError(f"{checkpoint}: the encoder was trained on {cfg.n_mels} mel bands, "
                                      f"the bundle's audio has {n_mels}")
    # Strict load first: a checkpoint that does not fit its own config never becomes a bundle.
    AudioEncoder(cfg).load_state_dict(ck["model"], strict=True)
    store = torch.float16 if dtype == "f16" else torch.float32
    save_file({k: v.detach().to(store).contiguous() for k, v in sorted(ck["model"].items())},
              os.path.join(folder, WEIGHTS_FILE),
              metadata={"clipsonic": SECTION, "step": str(ck.get("step", 0))})
    return {"weights": WEIGHTS_FILE, "config": cfg.to_dict(), "logit_scale": float(ck["logit_scale"]),
            "steps": int(ck.get("step", 0))}
