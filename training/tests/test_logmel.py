"""One log-mel in training/: training/clipsonic/audio.py's (BigVGAN's mel_spectrogram, what
models/mini was trained on and the Swift engine computes). world.log_mel, the other former
implementation, now calls it; both call sites give the same numbers."""
import numpy as np
import torch

from training import world
from training.clipsonic.audio import AudioConfig, log_mel
from training.world.config import HOP, N_FFT, N_MELS, SAMPLE_RATE


def world_clips():
    rng = np.random.default_rng(0)
    clips = [s.audio for s in world.samples(0, 6, "train", duration=2.048)]
    t = np.arange(16384) / SAMPLE_RATE
    clips += [(0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), np.zeros(16384, np.float32),
              (0.3 * rng.standard_normal(16384)).astype(np.float32), rng.standard_normal(5000)]  # float64, odd length
    return clips


def test_world_log_mel_is_the_training_log_mel():
    cfg = AudioConfig(sample_rate=SAMPLE_RATE, n_fft=N_FFT, hop=HOP, win=N_FFT, n_mels=N_MELS, fmin=0.0,
                      fmax=SAMPLE_RATE / 2)
    for y in world_clips():
        a = world.log_mel(y)
        b = log_mel(torch.from_numpy(np.asarray(y, np.float32))[None], cfg)[0].numpy()
        assert a.dtype == np.float32 and a.shape == (N_MELS, len(y) // HOP)
        assert np.abs(a - b).max() <= 1e-6


def test_models_mini_framing():
    """training/mini/data.py's settings (models/mini's audio) through both call sites."""
    from training.mini.data import AUDIO

    y = world_clips()[0][:AUDIO.samples]
    a = world.log_mel(y, AUDIO.sample_rate, AUDIO.n_fft, AUDIO.hop, AUDIO.n_mels)
    b = log_mel(torch.from_numpy(y)[None], AUDIO)[0].numpy()
    assert a.shape == (AUDIO.n_mels, AUDIO.frames)
    assert np.abs(a - b).max() <= 1e-6
