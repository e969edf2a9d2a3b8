"""Renders a sample's soundtrack: the class's synthesiser, edge fades, then peak normalisation to
the sample's loudness."""
import numpy as np

from . import dsp, synth_instruments as ins, synth_sources as src
from .classes import ClassSpec
from .config import PEAK, SAMPLE_RATE, samples_for
from .params import Params

SYNTHS = {
    "guitar": ins.guitar, "violin": ins.violin, "flute": ins.flute, "trumpet": ins.trumpet,
    "clarinet": ins.clarinet, "xylophone": ins.xylophone, "accordion": ins.accordion, "piano": ins.piano,
    "bell": src.bell, "drum": src.drum, "dog": src.dog, "bird": src.bird, "engine": src.engine, "rain": src.rain,
}


def render_audio(spec: ClassSpec, p: Params, rng: np.random.Generator, sr: int = SAMPLE_RATE) -> np.ndarray:
    """float32 [round(p.duration * sr)] in [-1, 1], peak = PEAK * 10^(loudness_db / 20)."""
    n = samples_for(p.duration, sr)
    x = SYNTHS[spec.name](rng, p, n, sr)
    x = dsp.fade_edges(x, sr)
    peak = np.max(np.abs(x))
    if not np.isfinite(peak) or peak <= 0:
        raise RuntimeError(f"{spec.name}: synthesiser produced silence or non-finite audio for {p}")
    return (x * (PEAK * 10 ** (p.loudness_db / 20) / peak)).astype(np.float32)
