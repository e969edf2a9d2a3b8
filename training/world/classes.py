"""The world's sound sources: one ClassSpec per class, with what links its picture to its sound.

Every class has a `size` in [0, 1] that sets how big its object is drawn. For most classes the
size also sets the sound's pitch (bigger = lower, log-linear between `pitch_range`'s ends). For the
`counted` classes the picture shows `count` objects and the sound has `count` separate events
(strikes, hits, barks, chirps). Rain's `intensity` sets both the number of drops drawn and the
density and hiss of the sound.

`audible` names the property an evaluation can measure back from generated audio:
  "pitch"     -> estimate.estimate_pitch recovers pitch_hz (harmonic, steady-pitch classes)
  "count"     -> estimate.count_events recovers count
  "intensity" -> estimate.estimate_intensity recovers intensity (rain)
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClassSpec:
    name: str
    kind: str  # "instrument" (caption: someone playing the X) or "source" (caption: an X <verb>)
    audible: str  # "pitch" | "count" | "intensity"
    pitch_range: tuple  # (Hz at size 1, Hz at size 0); (0, 0) when the class has no pitch
    nouns: tuple  # synonyms, singular
    plurals: tuple = ()  # plural of each noun, for counted classes
    verbs: tuple = ()  # "-ing" phrases for sources: "ringing", "barking"
    big_nouns: tuple = ()  # nouns used instead when size >= 0.75 (a big violin is a cello)
    max_count: int = 1  # objects (= events) per sample; > 1 only for counted classes
    min_gap: float = 0.0  # seconds between events of counted classes, so they stay countable
    tags: tuple = field(default=())  # extra words for the README table

    @property
    def counted(self) -> bool:
        return self.max_count > 1

    @property
    def pitched(self) -> bool:
        return self.pitch_range[1] > 0

    def pitch_for_size(self, size: float) -> float:
        """Bigger object, lower pitch: geometric interpolation from pitch_range[1] (size 0) to [0] (size 1)."""
        lo, hi = self.pitch_range
        if hi <= 0:
            return 0.0
        return float(hi * (lo / hi) ** size)

    def size_for_pitch(self, pitch_hz: float) -> float:
        """Inverse of pitch_for_size (clipped to [0, 1]), for judging generated audio against a size."""
        import math

        lo, hi = self.pitch_range
        if hi <= 0 or pitch_hz <= 0:
            return float("nan")
        return min(max(math.log(pitch_hz / hi) / math.log(lo / hi), 0.0), 1.0)


_SPECS = (
    ClassSpec("guitar", "instrument", "pitch", (98.0, 392.0), ("guitar", "acoustic guitar")),
    ClassSpec("violin", "instrument", "pitch", (131.0, 784.0), ("violin", "fiddle"), big_nouns=("cello",)),
    ClassSpec("flute", "instrument", "pitch", (262.0, 1047.0), ("flute", "silver flute")),
    ClassSpec("trumpet", "instrument", "pitch", (165.0, 659.0), ("trumpet", "brass trumpet")),
    ClassSpec("clarinet", "instrument", "pitch", (147.0, 587.0), ("clarinet", "black clarinet")),
    ClassSpec("xylophone", "instrument", "pitch", (392.0, 1568.0), ("xylophone", "wooden xylophone")),
    ClassSpec("accordion", "instrument", "pitch", (175.0, 698.0), ("accordion", "squeezebox")),
    ClassSpec("piano", "instrument", "pitch", (110.0, 880.0), ("piano", "grand piano")),
    ClassSpec("bell", "source", "count", (400.0, 1600.0), ("bell", "brass bell"), ("bells", "brass bells"),
              ("ringing", "chiming"), max_count=4, min_gap=0.45),
    ClassSpec("drum", "source", "count", (60.0, 240.0), ("drum", "snare drum"), ("drums", "snare drums"),
              ("being hit", "beating"), max_count=4, min_gap=0.3),
    ClassSpec("dog", "source", "count", (250.0, 700.0), ("dog", "puppy"), ("dogs", "puppies"),
              ("barking", "woofing"), max_count=4, min_gap=0.35),
    ClassSpec("bird", "source", "count", (1800.0, 4500.0), ("bird", "songbird"), ("birds", "songbirds"),
              ("chirping", "singing"), max_count=4, min_gap=0.3),
    ClassSpec("engine", "source", "pitch", (60.0, 180.0), ("car engine", "motor"), (),
              ("running", "idling", "rumbling")),
    ClassSpec("rain", "source", "intensity", (0.0, 0.0), ("rain", "rainfall"), (), ("falling", "coming down")),
)

CLASSES = [s.name for s in _SPECS]
SPECS = {s.name: s for s in _SPECS}
INDEX = {s.name: i for i, s in enumerate(_SPECS)}


def spec(name_or_index) -> ClassSpec:
    """The spec of a class given by name or index; raises a ValueError naming the valid classes."""
    if not isinstance(name_or_index, str):  # an int or numpy integer
        i = int(name_or_index)
        if not 0 <= i < len(_SPECS):
            raise ValueError(f"class index {i} out of range 0..{len(_SPECS) - 1}")
        return _SPECS[i]
    if name_or_index not in SPECS:
        raise ValueError(f"unknown class {name_or_index!r}; the classes are: {', '.join(CLASSES)}")
    return SPECS[name_or_index]
