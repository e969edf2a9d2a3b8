"""Log-mel spectrograms of the world's clips, for the preview spectrograms and the learnability
tests: training/clipsonic/audio.py's log_mel (BigVGAN's mel_spectrogram, the features models are
trained on and the Swift engine computes) at the world's framing, so there is one log-mel in
training/. A 4.096 s clip at 16 kHz gives 80 x 256.

torch is imported on the first call, so rendering the world still does not need it.
"""
import numpy as np

from .config import HOP, N_FFT, N_MELS, SAMPLE_RATE


def log_mel(y: np.ndarray, sr: int = SAMPLE_RATE, n_fft: int = N_FFT, hop: int = HOP, n_mels: int = N_MELS) -> np.ndarray:
    """Natural-log mel spectrogram of a mono clip, float32 [n_mels, len(y) // hop], 0 Hz to sr / 2."""
    import torch

    from training.clipsonic.audio import AudioConfig, log_mel as reference

    cfg = AudioConfig(sample_rate=sr, n_fft=n_fft, hop=hop, win=n_fft, n_mels=n_mels, fmin=0.0, fmax=sr / 2)
    x = torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))[None]
    return reference(x, cfg)[0].numpy()
