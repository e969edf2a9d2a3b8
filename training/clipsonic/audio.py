"""Log-mel spectrograms exactly as BigVGAN's meldataset.mel_spectrogram computes them, and the
affine normalisation that maps them to the diffusion model's range.

The Swift engine (Sources/Models/Audio) computes the same features; a bundle's `audio` section
records every parameter here, so a model trained with one set is never run with another.
"""
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AudioConfig:
    sample_rate: int = 16000
    n_fft: int = 1024
    hop: int = 256
    win: int = 1024
    n_mels: int = 80
    fmin: float = 0.0
    fmax: float = 8000.0
    frames: int = 256
    # Normalised mel = (log-mel - shift) / scale, so that the data is roughly in [-1, 1].
    norm_shift: float = -5.0
    norm_scale: float = 5.0

    @property
    def samples(self) -> int:
        """Audio samples that give exactly `frames` mel frames."""
        return self.frames * self.hop

    def to_json(self) -> dict:
        """The bundle.json `audio` section (Sources/Models/Weights/BundleAudioConfig.swift)."""
        d = {k: v for k, v in asdict(self).items() if not k.startswith("norm_")}
        d["log"] = {"base": "e", "floor": 1e-5, "mean": self.norm_shift, "std": self.norm_scale}
        return d

    @staticmethod
    def from_json(d: dict) -> "AudioConfig":
        fields = {k: v for k, v in d.items() if k in AudioConfig.__dataclass_fields__}
        log = d.get("log", {})
        if isinstance(log, dict):
            if log.get("base", "e") != "e" or float(log.get("floor", 1e-5)) != 1e-5:
                raise ValueError(f"unsupported mel log rule {log}: this trainer uses ln(max(mel, 1e-5))")
            fields["norm_shift"] = float(log.get("mean", 0.0))
            fields["norm_scale"] = float(log.get("std", 1.0))
        return AudioConfig(**fields)


def hz_to_mel_slaney(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)


def mel_to_hz_slaney(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filterbank(sr: int, n_fft: int, n_mels: int, fmin: float, fmax: float) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'), float32."""
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz_slaney(np.linspace(hz_to_mel_slaney(fmin), hz_to_mel_slaney(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return (weights * enorm[:, None]).astype(np.float32)


_bases = {}


def log_mel(y: torch.Tensor, cfg: AudioConfig) -> torch.Tensor:
    """y: [B, T] float audio in [-1, 1] -> [B, n_mels, T // hop] natural-log mel."""
    key = (cfg.sample_rate, cfg.n_fft, cfg.n_mels, cfg.fmin, cfg.fmax, cfg.win)
    if key not in _bases:
        _bases[key] = (torch.from_numpy(mel_filterbank(cfg.sample_rate, cfg.n_fft, cfg.n_mels, cfg.fmin, cfg.fmax)),
                       torch.hann_window(cfg.win))
    basis, window = _bases[key]
    pad = (cfg.n_fft - cfg.hop) // 2
    y = F.pad(y.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    spec = torch.stft(y, cfg.n_fft, hop_length=cfg.hop, win_length=cfg.win, window=window, center=False,
                      normalized=False, onesided=True, return_complex=True)
    spec = torch.sqrt(torch.view_as_real(spec).pow(2).sum(-1) + 1e-9)
    return torch.log(torch.clamp(basis @ spec, min=1e-5))


def normalise(logmel: torch.Tensor, cfg: AudioConfig) -> torch.Tensor:
    return (logmel - cfg.norm_shift) / cfg.norm_scale


def denormalise(x: torch.Tensor, cfg: AudioConfig) -> torch.Tensor:
    return x * cfg.norm_scale + cfg.norm_shift


def fit_length(y: np.ndarray, samples: int) -> np.ndarray:
    """Crops or zero-pads a clip to exactly `samples`."""
    if len(y) >= samples:
        return y[:samples]
    return np.pad(y, (0, samples - len(y)))
