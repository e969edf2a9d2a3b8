"""The audio encoder (issue #19, Wav2CLIP-style): a normalised log-mel into CLIP's embedding space.

The one definition of the network and of its tensor names; the Swift engine
(Sources/Models/AudioEncoder) runs the same network from the same state_dict names.

  mel [N, n_mels, frames] (the U-Net's normalised log-mel, training/clipsonic/audio.py)
  -> [N, 1, n_mels, frames] -> blocks.i: conv 3x3 (stride 1 for the first block, 2 after),
     GroupNorm, SiLU -> mean over frequency and time -> hidden (linear), SiLU -> out (linear)
  -> L2-normalised [N, embed_dim]

The mean over time makes any frame count valid (a stride-2 conv with padding 1 takes odd sizes),
so a long take is scored whole. The contrastive temperature is the trainer's, not the network's:
inference only needs the direction of the embedding.
"""
from dataclasses import asdict, dataclass, field, fields

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class AudioEncoderConfig:
    """The network's shape; `to_dict()` is bundle.json's `audio_encoder.config`, and the Swift
    `AudioEncoderConfiguration` decodes the same keys."""
    n_mels: int = 80
    # Output channels of each conv block; every block after the first halves height and width.
    channels: list = field(default_factory=lambda: [32, 64, 128, 128])
    norm_groups: int = 8
    norm_eps: float = 1e-5
    hidden_dim: int = 256
    # The CLIP projection width of the bundle (models/mini: 64).
    embed_dim: int = 512

    def __post_init__(self):
        self.channels = [int(c) for c in self.channels]
        if not self.channels or any(c < 1 for c in self.channels):
            raise ValueError(f"channels must list at least one positive width, got {self.channels}")
        for c in self.channels:
            if c % self.norm_groups:
                raise ValueError(f"{c} channels do not divide into {self.norm_groups} groups")
        for name in ("n_mels", "norm_groups", "hidden_dim", "embed_dim"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "AudioEncoderConfig":
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown audio encoder config keys {sorted(unknown)}")
        return cls(**d)


class ConvBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int, groups: int, eps: float):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=1)
        self.norm = nn.GroupNorm(groups, cout, eps=eps)

    def forward(self, x):
        return F.silu(self.norm(self.conv(x)))


class AudioEncoder(nn.Module):
    def __init__(self, config: AudioEncoderConfig):
        super().__init__()
        self.config = config
        widths = [1] + config.channels
        self.blocks = nn.ModuleList(
            ConvBlock(widths[i], widths[i + 1], 1 if i == 0 else 2, config.norm_groups, config.norm_eps)
            for i in range(len(config.channels)))
        self.hidden = nn.Linear(config.channels[-1], config.hidden_dim)
        self.out = nn.Linear(config.hidden_dim, config.embed_dim)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        """mel: [N, n_mels, frames] (any frames >= 1) -> [N, embed_dim], unit length."""
        h = mel.unsqueeze(1)
        for block in self.blocks:
            h = block(h)
        h = h.mean(dim=(2, 3))  # [N, C]
        h = self.out(F.silu(self.hidden(h)))
        return F.normalize(h, dim=-1)
