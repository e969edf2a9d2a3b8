"""The CLIPSonic mel-spectrogram U-Net: the one definition of the network and of its tensor names.

The Swift engine (Sources/Models/UNet) runs the same network from the same state_dict names, so
an exported checkpoint is a rename-free copy. The structure is the ADM U-Net of Dhariwal & Nichol
(2021, guided-diffusion) sized for mels:

  x [N, 1, n_mels, frames] -- zero-padded on the bottom/right to a multiple of 2^(levels-1) --
  conv_in -> levels of residual blocks (+ self-attention at the chosen levels), each but the last
  ending in a stride-2 conv -> mid (res, attn, res) -> the levels in reverse with res_blocks + 1
  residual blocks each, every one fed a skip connection, each but the first ending in nearest x2
  + conv -> GroupNorm, SiLU, conv_out -> cropped back to [N, out_channels, n_mels, frames].

Conditioning: emb = time_embed(sinusoidal(t)) + clip_proj(clip). Every residual block turns
SiLU(emb) into a per-channel scale and shift (FiLM) applied after its second GroupNorm:
h = norm2(h) * (1 + scale) + shift. With cross_attention, the CLIP embedding is also projected to
context_tokens tokens that every attention block attends to after its self-attention.

Classifier-free guidance: `null_embedding` [clip_dim] is a learned parameter; training replaces
the condition by it where drop_condition is true, and sampling uses it for the unconditional
branch.

The benchmark's full size (PRESETS["full"], DESIGN.md): base 128, multipliers (1, 2, 3, 4),
2 residual blocks per level, attention (64 channels per head) at the two coarsest levels,
768-wide CLIP embedding: 92.4 M parameters (92,415,617), ~314 GFLOP per 1x80x256 sample.
"""
import math
from dataclasses import asdict, dataclass, field, fields

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class UNetConfig:
    """The network's shape; `to_dict()` is the `unet.config` object of bundle.json (snake_case),
    and the Swift `UNetConfiguration` decodes the same keys."""
    in_channels: int = 1
    out_channels: int = 1
    base_channels: int = 128
    channel_multipliers: list = field(default_factory=lambda: [1, 2, 3, 4])
    res_blocks: int = 2
    # Level indices (0 = full resolution) with self-attention after each residual block.
    attention_levels: list = field(default_factory=lambda: [2, 3])
    head_channels: int = 64
    clip_dim: int = 768
    # Width of the time/condition embedding; 0 means 4 * base_channels.
    time_embed_dim: int = 0
    norm_groups: int = 32
    norm_eps: float = 1e-5
    cross_attention: bool = False
    context_tokens: int = 4
    dropout: float = 0.0
    # Informational (the network takes any height): the mel bands it was trained on.
    n_mels: int = 80

    def __post_init__(self):
        self.channel_multipliers = [int(m) for m in self.channel_multipliers]
        self.attention_levels = sorted(int(a) for a in self.attention_levels)
        levels = len(self.channel_multipliers)
        if levels < 1:
            raise ValueError("channel_multipliers must name at least one level")
        if any(a < 0 or a >= levels for a in self.attention_levels):
            raise ValueError(f"attention_levels {self.attention_levels} outside levels 0..{levels - 1}")
        for c in self.level_channels:
            if c % self.norm_groups:
                raise ValueError(f"{c} channels do not divide into {self.norm_groups} norm groups")
        for lvl in set(self.attention_levels) | {levels - 1}:
            if self.level_channels[lvl] % self.head_channels:
                raise ValueError(f"level {lvl}: {self.level_channels[lvl]} channels are not a multiple of "
                                 f"head_channels {self.head_channels}")

    @property
    def level_channels(self):
        return [self.base_channels * m for m in self.channel_multipliers]

    @property
    def embed_dim(self):
        return self.time_embed_dim or 4 * self.base_channels

    @property
    def multiple(self):
        """Inputs are padded to a multiple of this in both spatial dimensions."""
        return 2 ** (len(self.channel_multipliers) - 1)

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown U-Net config keys {sorted(unknown)}")
        return cls(**d)


PRESETS = {
    # Parity tests: every feature, tiny tensors.
    "tiny": dict(base_channels=8, channel_multipliers=[1, 2, 3], res_blocks=1, attention_levels=[1, 2],
                 head_channels=8, clip_dim=12, time_embed_dim=16, norm_groups=4, n_mels=16),
    # The embedded models/mini bundle.
    "small": dict(base_channels=32, channel_multipliers=[1, 2, 2, 4], res_blocks=2, attention_levels=[2, 3],
                  head_channels=32, clip_dim=512, norm_groups=16, n_mels=80),
    # The benchmark's full size (DESIGN.md).
    "full": dict(base_channels=128, channel_multipliers=[1, 2, 3, 4], res_blocks=2, attention_levels=[2, 3],
                 head_channels=64, clip_dim=768, norm_groups=32, n_mels=80),
}


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """[N] -> [N, dim]: cat(cos(t f), sin(t f)), f_i = max_period^(-i / (dim/2)) (guided-diffusion)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class TimeEmbedding(nn.Module):
    def __init__(self, in_dim: int, dim: int):
        super().__init__()
        self.linear_1 = nn.Linear(in_dim, dim)
        self.linear_2 = nn.Linear(dim, dim)

    def forward(self, x):
        return self.linear_2(F.silu(self.linear_1(x)))


class ResBlock(nn.Module):
    """GN-SiLU-conv, FiLM from the embedding, GN-(scale, shift)-SiLU-dropout-conv, plus the input
    (through a 1x1 conv when the width changes)."""

    def __init__(self, cin: int, cout: int, emb_dim: int, groups: int, eps: float, dropout: float):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=eps)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.emb_proj = nn.Linear(emb_dim, 2 * cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=eps)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, emb):
        # x: [N, Cin, H, W], emb: [N, E]
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.emb_proj(F.silu(emb))[:, :, None, None].chunk(2, dim=1)  # [N, Cout, 1, 1] each
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(self.dropout(F.silu(h)))
        return h + (self.skip(x) if self.skip is not None else x)


class AttentionBlock(nn.Module):
    """Multi-head self-attention over the H*W positions (+ optional cross-attention to the CLIP
    context tokens), each pre-normed with GroupNorm and added to its input."""

    def __init__(self, channels: int, head_channels: int, groups: int, eps: float, context_dim: int = 0):
        super().__init__()
        self.heads = channels // head_channels
        self.norm = nn.GroupNorm(groups, channels, eps=eps)
        self.qkv = nn.Linear(channels, 3 * channels)
        self.proj_out = nn.Linear(channels, channels)
        if context_dim:
            self.cross_norm = nn.GroupNorm(groups, channels, eps=eps)
            self.cross_q = nn.Linear(channels, channels)
            self.cross_kv = nn.Linear(context_dim, 2 * channels)
            self.cross_out = nn.Linear(channels, channels)
        else:
            self.cross_norm = None

    def _heads(self, x):
        # [N, L, C] -> [N, heads, L, C / heads]
        n, length, c = x.shape
        return x.view(n, length, self.heads, c // self.heads).transpose(1, 2)

    def _merge(self, x):
        # [N, heads, L, D] -> [N, L, heads * D]
        n, h, length, d = x.shape
        return x.transpose(1, 2).reshape(n, length, h * d)

    def forward(self, x, context=None):
        # x: [N, C, H, W]; context: [N, T, context_dim] or None
        n, c, hgt, wid = x.shape
        tokens = self.norm(x).view(n, c, hgt * wid).transpose(1, 2)  # [N, HW, C]
        q, k, v = self.qkv(tokens).chunk(3, dim=-1)
        a = F.scaled_dot_product_attention(self._heads(q), self._heads(k), self._heads(v))
        x = x + self.proj_out(self._merge(a)).transpose(1, 2).reshape(n, c, hgt, wid)
        if self.cross_norm is not None:
            tokens = self.cross_norm(x).view(n, c, hgt * wid).transpose(1, 2)
            k, v = self.cross_kv(context).chunk(2, dim=-1)  # [N, T, C] each
            a = F.scaled_dot_product_attention(self._heads(self.cross_q(tokens)), self._heads(k), self._heads(v))
            x = x + self.cross_out(self._merge(a)).transpose(1, 2).reshape(n, c, hgt, wid)
        return x


class Downsample(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class DownLevel(nn.Module):
    def __init__(self, res, attn, downsample):
        super().__init__()
        self.res = nn.ModuleList(res)
        self.attn = nn.ModuleList(attn) if attn else None
        self.downsample = downsample


class UpLevel(nn.Module):
    def __init__(self, res, attn, upsample):
        super().__init__()
        self.res = nn.ModuleList(res)
        self.attn = nn.ModuleList(attn) if attn else None
        self.upsample = upsample


class MidBlock(nn.Module):
    def __init__(self, res1, attn, res2):
        super().__init__()
        self.res1, self.attn, self.res2 = res1, attn, res2


class UNet(nn.Module):
    def __init__(self, config: UNetConfig):
        super().__init__()
        if isinstance(config, dict):
            config = UNetConfig.from_dict(config)
        self.config = cfg = config
        g, eps, emb, drop = cfg.norm_groups, cfg.norm_eps, cfg.embed_dim, cfg.dropout
        chans = cfg.level_channels
        levels = len(chans)
        context_dim = emb if cfg.cross_attention else 0

        def res(cin, cout):
            return ResBlock(cin, cout, emb, g, eps, drop)

        def attn(c):
            return AttentionBlock(c, cfg.head_channels, g, eps, context_dim)

        self.time_embed = TimeEmbedding(cfg.base_channels, emb)
        self.clip_proj = nn.Linear(cfg.clip_dim, emb)
        self.null_embedding = nn.Parameter(torch.zeros(cfg.clip_dim))
        if cfg.cross_attention:
            self.context_proj = nn.Linear(cfg.clip_dim, cfg.context_tokens * context_dim)
            self.context_norm = nn.LayerNorm(context_dim)
        self.conv_in = nn.Conv2d(cfg.in_channels, cfg.base_channels, 3, padding=1)

        skips = [cfg.base_channels]
        ch = cfg.base_channels
        down = []
        for lvl, cout in enumerate(chans):
            blocks, attns = [], []
            for _ in range(cfg.res_blocks):
                blocks.append(res(ch, cout))
                ch = cout
                if lvl in cfg.attention_levels:
                    attns.append(attn(ch))
                skips.append(ch)
            last = lvl == levels - 1
            down.append(DownLevel(blocks, attns, None if last else Downsample(ch)))
            if not last:
                skips.append(ch)
        self.down = nn.ModuleList(down)
        self.mid = MidBlock(res(ch, ch), attn(ch), res(ch, ch))

        up = [None] * levels
        for lvl in reversed(range(levels)):
            cout = chans[lvl]
            blocks, attns = [], []
            for _ in range(cfg.res_blocks + 1):
                blocks.append(res(ch + skips.pop(), cout))
                ch = cout
                if lvl in cfg.attention_levels:
                    attns.append(attn(ch))
            up[lvl] = UpLevel(blocks, attns, Upsample(ch) if lvl > 0 else None)
        self.up = nn.ModuleList(up)
        self.out_norm = nn.GroupNorm(g, ch, eps=eps)
        self.conv_out = nn.Conv2d(ch, cfg.out_channels, 3, padding=1)

    def condition(self, clip, drop_condition=None, batch=None):
        """The CLIP condition with the null embedding where dropped. clip: [N, clip_dim] or None."""
        if clip is None:
            return self.null_embedding[None].expand(batch, -1)
        if drop_condition is None:
            return clip
        return torch.where(drop_condition[:, None], self.null_embedding[None].to(clip.dtype), clip)

    def forward(self, x, t, clip=None, drop_condition=None):
        """x: [N, in_channels, n_mels, frames] (any size: padded inside), t: [N] timesteps,
        clip: [N, clip_dim] (None: unconditional), drop_condition: [N] bool -> [N, out_channels, n_mels, frames]."""
        cfg = self.config
        n, _, height, width = x.shape
        if t.dim() == 0:
            t = t.expand(n)
        clip = self.condition(clip, drop_condition, batch=n)
        emb = self.time_embed(timestep_embedding(t, cfg.base_channels)) + self.clip_proj(clip)  # [N, E]
        context = None
        if cfg.cross_attention:
            context = self.context_norm(self.context_proj(clip).view(n, cfg.context_tokens, -1))  # [N, T, E]

        m = cfg.multiple
        pad_h, pad_w = (-height) % m, (-width) % m
        if pad_h or pad_w:
            x = F.pad(x, (0, pad_w, 0, pad_h))

        h = self.conv_in(x)
        skips = [h]
        for level in self.down:
            for i, block in enumerate(level.res):
                h = block(h, emb)
                if level.attn is not None:
                    h = level.attn[i](h, context)
                skips.append(h)
            if level.downsample is not None:
                h = level.downsample(h)
                skips.append(h)
        h = self.mid.res1(h, emb)
        h = self.mid.attn(h, context)
        h = self.mid.res2(h, emb)
        for level in reversed(self.up):
            for i, block in enumerate(level.res):
                h = block(torch.cat([h, skips.pop()], dim=1), emb)
                if level.attn is not None:
                    h = level.attn[i](h, context)
            if level.upsample is not None:
                h = level.upsample(h)
        h = self.conv_out(F.silu(self.out_norm(h)))
        return h[:, :, :height, :width]


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def conv_flops(model: UNet, height: int, width: int) -> int:
    """Multiply-adds x 2 of one sample through every conv, linear and attention product."""
    total = 0
    hooks = []

    def conv_hook(mod, inp, out):
        nonlocal total
        k = mod.weight[0].numel()  # Cin/groups * kh * kw
        total += 2 * k * out.numel() // out.shape[0]

    def linear_hook(mod, inp, out):
        nonlocal total
        total += 2 * mod.in_features * out.numel() // out.shape[0]

    def attn_hook(mod, inp, out):
        nonlocal total
        _, c, hh, ww = inp[0].shape
        total += 2 * 2 * (hh * ww) ** 2 * c

    for mod in model.modules():
        if isinstance(mod, nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv_hook))
        elif isinstance(mod, nn.Linear):
            hooks.append(mod.register_forward_hook(linear_hook))
        elif isinstance(mod, AttentionBlock):
            hooks.append(mod.register_forward_hook(attn_hook))
    with torch.no_grad():
        model(torch.zeros(1, model.config.in_channels, height, width), torch.zeros(1),
              torch.zeros(1, model.config.clip_dim))
    for h in hooks:
        h.remove()
    return total
