"""Log-mel spectrograms in numpy, with the framing the rest of training/ uses (BigVGAN's
meldataset.mel_spectrogram as in training/clipsonic/audio.py: reflect-pad (n_fft - hop) / 2, Hann
window, magnitude, Slaney mel filters, natural log of max(mel, 1e-5)); a 4.096 s clip at 16 kHz
gives 80 x 256. Used here for the preview spectrograms and the learnability tests, so the world
does not need torch.
"""
import functools

import numpy as np

from .config import HOP, N_FFT, N_MELS, SAMPLE_RATE


def _hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    lin = f / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(f >= 1000.0, log, lin)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    lin = m * (200.0 / 3)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
    return np.where(m >= 15.0, log, lin)


@functools.lru_cache(maxsize=8)
def mel_filters(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS, fmin: float = 0.0,
                fmax: float = None) -> np.ndarray:
    """Slaney-normalised triangular filters (librosa.filters.mel, htk=False), [n_mels, n_fft // 2 + 1]."""
    fmax = sr / 2 if fmax is None else fmax
    bins = np.linspace(0, sr / 2, 1 + n_fft // 2)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(fmin), _hz_to_mel(fmax), n_mels + 2))
    lower = (bins[None, :] - edges[:-2, None]) / np.diff(edges)[:-1, None]
    upper = (edges[2:, None] - bins[None, :]) / np.diff(edges)[1:, None]
    w = np.maximum(0, np.minimum(lower, upper))
    return (w * (2.0 / (edges[2:] - edges[:-2]))[:, None]).astype(np.float32)


def stft_magnitude(y: np.ndarray, n_fft: int = N_FFT, hop: int = HOP) -> np.ndarray:
    """|STFT| with BigVGAN's padding, [n_fft // 2 + 1, len(y) // hop]."""
    pad = (n_fft - hop) // 2
    y = np.pad(np.asarray(y, dtype=np.float64), (pad, pad), mode="reflect")
    frames = 1 + (len(y) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    win = np.hanning(n_fft + 1)[:-1]  # periodic Hann, as torch.hann_window
    spec = np.fft.rfft(y[idx] * win, axis=1)
    return np.sqrt(spec.real ** 2 + spec.imag ** 2 + 1e-9).T


def log_mel(y: np.ndarray, sr: int = SAMPLE_RATE, n_fft: int = N_FFT, hop: int = HOP, n_mels: int = N_MELS) -> np.ndarray:
    """Natural-log mel spectrogram of a mono clip, float32 [n_mels, len(y) // hop]."""
    mel = mel_filters(sr, n_fft, n_mels) @ stft_magnitude(y, n_fft, hop)
    return np.log(np.maximum(mel, 1e-5)).astype(np.float32)
