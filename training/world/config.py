"""Fixed parameters of the miniature world: picture size, sample rate, clip length.

The audio numbers match the mel framing the rest of training/ uses (training/clipsonic/audio.py:
16 kHz, n_fft 1024, hop 256, 80 mels, fmax 8 kHz): a clip of 4.096 s is 65536 samples, exactly
256 mel frames. Shorter clips for faster U-Net training should stay a multiple of the hop
(2.048 s = 128 frames).
"""

SAMPLE_RATE = 16000
HOP = 256
N_FFT = 1024
N_MELS = 80
DEFAULT_DURATION = 4.096  # seconds; 65536 samples, 256 mel frames at hop 256
IMAGE_SIZE = 64  # pictures are IMAGE_SIZE x IMAGE_SIZE RGB
# Drawings are made at this many times IMAGE_SIZE and box-filtered down, for smooth edges.
SUPERSAMPLE = 4
# Peak level of a clip before the per-sample loudness (dBFS) is applied.
PEAK = 0.9

SPLITS = ("train", "val", "test")


def samples_for(duration: float, sample_rate: int = SAMPLE_RATE) -> int:
    """Audio length in samples of a clip of `duration` seconds."""
    if duration <= 0:
        raise ValueError(f"clip duration must be positive, got {duration}")
    return int(round(duration * sample_rate))
