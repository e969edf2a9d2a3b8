"""The hidden variables of one sample, drawn once and shared by its picture, sound and caption."""
from dataclasses import asdict, dataclass

import numpy as np

from . import dsp
from .classes import ClassSpec

# Loudness range (dB relative to the world's peak level); the mel of a quiet clip is shifted down.
LOUDNESS_DB = (-12.0, 0.0)
MAX_NOTES = 4


@dataclass(frozen=True)
class Params:
    size: float  # [0, 1]: how big the object is drawn; sets the pitch of pitched classes
    pitch_hz: float  # the fundamental (or nominal) frequency the synthesiser used; 0 for rain
    count: int  # objects in the picture = events in the sound for counted classes, else 1
    notes: int  # notes played by an instrument (audio only); = count for the other classes
    intensity: float  # rain: drop density in [0, 1] (drops drawn, drops heard); 0 for other classes
    loudness_db: float  # peak level in dB relative to config.PEAK
    duration: float  # seconds

    def as_dict(self) -> dict:
        return asdict(self)


def max_events(spec: ClassSpec, duration: float) -> int:
    """How many countable events fit in a clip: at least one, at most spec.max_count."""
    if not spec.counted:
        return 1
    span = duration - 0.1 - 0.25  # the first event starts by 0.1 s, the last ends 0.25 s before the end
    return int(max(1, min(spec.max_count, np.floor(span / spec.min_gap) + 1)))


def draw_params(spec: ClassSpec, rng: np.random.Generator, duration: float) -> Params:
    size = float(rng.uniform(0.0, 1.0))
    count = int(rng.integers(1, max_events(spec, duration) + 1)) if spec.counted else 1
    # Instruments play 1..4 notes of the same pitch (fewer when the clip is short); 0.5 s is the
    # longest minimum note spacing any instrument uses.
    max_notes = dsp.fits(duration, 0.5, limit=MAX_NOTES)
    notes = int(rng.integers(1, max_notes + 1)) if spec.kind == "instrument" else count
    intensity = float(rng.uniform(0.0, 1.0)) if spec.audible == "intensity" else 0.0
    return Params(size=size, pitch_hz=spec.pitch_for_size(size), count=count, notes=notes,
                  intensity=intensity, loudness_db=float(rng.uniform(*LOUDNESS_DB)), duration=float(duration))
