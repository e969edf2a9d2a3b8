"""Pictures for people: a mel spectrogram as an RGB image, and image tiling, for the preview."""
import numpy as np

from .features import log_mel

# A short perceptual colour ramp (dark blue -> purple -> orange -> pale yellow), interpolated.
_RAMP = np.array([[0, 0, 4], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66],
                  [245, 125, 21], [250, 193, 39], [252, 255, 164]], dtype=np.float64)


def colourise(x: np.ndarray) -> np.ndarray:
    """Values in [0, 1] [H, W] -> uint8 RGB [H, W, 3] through the ramp."""
    pos = np.clip(x, 0, 1) * (len(_RAMP) - 1)
    i = np.minimum(pos.astype(int), len(_RAMP) - 2)
    f = (pos - i)[..., None]
    return (_RAMP[i] * (1 - f) + _RAMP[i + 1] * f).astype(np.uint8)


def mel_image(audio: np.ndarray, sr: int, floor_db: float = 80.0) -> np.ndarray:
    """Log-mel of a clip drawn low frequencies at the bottom, the top floor_db dB visible, [80, frames, 3]."""
    m = log_mel(audio, sr) * (20 / np.log(10))  # natural log magnitude -> dB
    x = (m - (m.max() - floor_db)) / floor_db
    return colourise(x[::-1])


def tile(images, columns: int, pad: int = 2, fill=255) -> np.ndarray:
    """Equal-sized uint8 RGB images in a grid, row by row, `pad` pixels apart."""
    h, w, _ = images[0].shape
    rows = (len(images) + columns - 1) // columns
    out = np.full((rows * (h + pad) + pad, columns * (w + pad) + pad, 3), fill, dtype=np.uint8)
    for k, im in enumerate(images):
        r, c = divmod(k, columns)
        out[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = im
    return out
