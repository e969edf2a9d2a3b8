"""Synthesisers of the eight instruments (timbres after the MUSIC dataset's), one pitch per clip.

Each function is f(rng, p, n, sr) -> float64 [n], unnormalised. An instrument plays `p.notes`
notes, all at `p.pitch_hz`, so the pitch a listener (or estimate.estimate_pitch) hears is the
property the picture's size encodes; rhythm, articulation, vibrato and timbre vary per sample.
"""
import numpy as np

from . import dsp
from .params import Params


def _note_spans(rng, p: Params, min_len: float, legato: bool):
    """[(start, end)] in seconds for p.notes notes; sustained notes fill the time to the next one."""
    onsets = dsp.note_onsets(rng, p.notes, p.duration, min_gap=min_len)
    spans = []
    for i, t in enumerate(onsets):
        if i + 1 < len(onsets):
            nxt = onsets[i + 1]
            end = nxt - (rng.uniform(0.02, 0.06) if legato else rng.uniform(0.05, 0.4) * (nxt - t))
        else:
            end = t + (p.duration - 0.1 - t) * rng.uniform(0.6 if legato else 0.4, 1.0)
        spans.append((float(t), float(max(end, t + 0.08))))
    return spans


def _sustained(rng, p: Params, n: int, sr: int, voice, min_len: float, attack: float, release: float,
               legato: bool = True) -> np.ndarray:
    """Lays out notes of a sustained instrument; voice(m, hold) -> [m] renders one note."""
    out = np.zeros(n)
    for start, end in _note_spans(rng, p, min_len, legato):
        hold = end - start
        m = min(int((hold + 4 * release) * sr), n - int(start * sr))
        env = dsp.adsr(m, sr, attack * rng.uniform(0.7, 1.3), 0.2, rng.uniform(0.7, 0.95), release, hold)
        dsp.add_at(out, voice(m, hold) * env * rng.uniform(0.75, 1.0), int(start * sr))
    return out


def _jitter(rng, amps, amount=0.25):
    """Per-sample timbre jitter: each partial's amplitude scaled by up to +-amount."""
    amps = np.asarray(amps, dtype=np.float64)
    return amps * rng.uniform(1 - amount, 1 + amount, size=len(amps))


def guitar(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Karplus-Strong plucked string from a triangular pluck shape, a 1-2.5 s ring and a body resonance."""
    f0 = p.pitch_hz
    t60 = rng.uniform(1.0, 2.5)
    loss = 10 ** (-3.0 / (f0 * t60))
    period = int(sr / f0)
    # The string's shape when released: a triangle peaking at the pluck point (harmonic k has
    # amplitude ~ sin(k pi beta) / k^2, so the fundamental leads), plus a little noise for the pick.
    beta = rng.uniform(0.15, 0.4)
    pos = np.arange(period) / period
    exc = np.where(pos < beta, pos / beta, (1 - pos) / (1 - beta))
    exc = exc - exc.mean() + 0.15 * rng.uniform(-1, 1, period)
    exc = dsp.butter(exc, sr, "lowpass", rng.uniform(1500, 5000))
    note = dsp.karplus_strong(exc, n, sr, f0, loss)
    note = note + 0.3 * dsp.resonator(note, sr, rng.uniform(90, 130), 4.0)
    out = np.zeros(n)
    onsets = dsp.note_onsets(rng, p.notes, p.duration, min_gap=0.4)
    for i, t in enumerate(onsets):
        s = int(t * sr)
        e = int(onsets[i + 1] * sr) if i + 1 < len(onsets) else n
        seg = note[: e - s] * rng.uniform(0.7, 1.0)
        seg[-64:] *= np.linspace(1, 0, min(64, len(seg)))  # a re-pluck damps the ringing string
        dsp.add_at(out, seg, s)
    return out


def violin(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Bowed string: sawtooth-like partials with delayed vibrato, body formants and bow noise."""
    f0 = p.pitch_hz
    rate, depth = rng.uniform(5.0, 6.5), rng.uniform(0.004, 0.008)
    amps = _jitter(rng, 1.0 / np.arange(1, 31))

    def voice(m, hold):
        freq = dsp.vibrato_freq(m, sr, f0, rate, depth, rng, onset=0.25)
        x = dsp.harmonics(dsp.phase_of(freq, sr), amps, f0 * (1 + depth), sr)
        bow = dsp.butter(rng.standard_normal(m), sr, "highpass", 2500) * 0.04
        return x + bow

    x = _sustained(rng, p, n, sr, voice, min_len=0.5, attack=0.12, release=0.08)
    body = (dsp.resonator(x, sr, rng.uniform(270, 300), 3) + dsp.resonator(x, sr, rng.uniform(430, 470), 3)
            + 1.5 * dsp.resonator(x, sr, rng.uniform(2500, 3200), 1.5))
    return 0.4 * x + body


def flute(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Breathy, nearly sinusoidal tone: weak upper partials, gentle vibrato, breath noise and chiff."""
    f0 = p.pitch_hz
    rate, depth = rng.uniform(4.5, 5.5), rng.uniform(0.003, 0.006)
    amps = _jitter(rng, [1.0, 0.22, 0.08, 0.03])
    breath_level = rng.uniform(0.03, 0.07)

    def voice(m, hold):
        freq = dsp.vibrato_freq(m, sr, f0, rate, depth, rng, onset=0.3)
        x = dsp.harmonics(dsp.phase_of(freq, sr), amps, f0 * (1 + depth), sr)
        noise = rng.standard_normal(m)
        breath = dsp.butter(noise, sr, "bandpass", (1000, 5000)) * breath_level
        chiff = dsp.resonator(noise, sr, 2 * f0, 8) * np.exp(-np.arange(m) / (0.03 * sr)) * 0.3
        return x + breath + chiff

    return _sustained(rng, p, n, sr, voice, min_len=0.45, attack=0.07, release=0.06)


def trumpet(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Brass: many partials whose brightness follows the envelope (loud = bright), a pitch scoop."""
    f0 = p.pitch_hz
    k = np.arange(1, 21)
    base = _jitter(rng, k ** -0.5, 0.2)
    out = np.zeros(n)
    for start, end in _note_spans(rng, p, 0.35, legato=False):
        hold = end - start
        m = min(int((hold + 0.3) * sr), n - int(start * sr))
        env = dsp.adsr(m, sr, rng.uniform(0.02, 0.05), 0.1, rng.uniform(0.75, 0.9), 0.05, hold)
        t = np.arange(m) / sr
        freq = f0 * (1 - 0.03 * np.exp(-t / 0.025))
        phase = dsp.phase_of(freq, sr)
        x = np.zeros(m)
        for kk, a in zip(k, base):
            if kk * f0 < 0.45 * sr:
                x += a * env ** (1 + 0.35 * (kk - 1)) * np.sin(kk * phase)
        dsp.add_at(out, x * rng.uniform(0.75, 1.0), int(start * sr))
    return dsp.resonator(out, sr, rng.uniform(1100, 1500), 1.2) + 0.5 * out


def clarinet(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Cylindrical reed: strong odd partials, weak even ones, mellow (low-passed), steady pitch."""
    f0 = p.pitch_hz
    k = np.arange(1, 26)
    amps = np.where(k % 2 == 1, 1.0 / k, 0.04 / k)
    amps[0] = 1.0
    amps = _jitter(rng, amps, 0.2)
    cutoff = rng.uniform(2000, 3500)
    breath_level = rng.uniform(0.01, 0.03)

    def voice(m, hold):
        freq = f0 * (1 + 0.001 * np.sin(2 * np.pi * 0.7 * np.arange(m) / sr))
        x = dsp.harmonics(dsp.phase_of(freq, sr), amps, f0 * 1.001, sr)
        return x + dsp.butter(rng.standard_normal(m), sr, "bandpass", (1500, 4000)) * breath_level

    x = _sustained(rng, p, n, sr, voice, min_len=0.45, attack=0.04, release=0.05)
    return dsp.butter(x, sr, "lowpass", cutoff)


def xylophone(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Struck wooden bars: fundamental plus partials near 3x and 6.2x decaying fast, a mallet click."""
    f0 = p.pitch_hz
    ratios = np.array([1.0, 3.0, 6.2]) * rng.uniform(0.99, 1.01, 3)
    ratios[0] = 1.0
    amps = _jitter(rng, [1.0, 0.35, 0.12])
    t60 = rng.uniform(0.35, 0.8)
    hits = min(p.notes + int(rng.integers(0, 3)), dsp.fits(p.duration, 0.22))
    onsets = dsp.note_onsets(rng, hits, p.duration, min_gap=0.22)
    m = int(t60 * sr)
    t = np.arange(m) / sr
    note = dsp.decaying_partials(ratios * f0, amps, t60 * np.array([1.0, 0.4, 0.2]), m, sr)
    click = dsp.butter(rng.standard_normal(m), sr, "highpass", 3000) * np.exp(-t / 0.002) * 0.3
    note = note + click
    out = np.zeros(n)
    for t0 in onsets:
        dsp.add_at(out, note * rng.uniform(0.6, 1.0), int(t0 * sr))
    return out


def accordion(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Two reeds detuned either side of the pitch (beating tremolo), buzzy partials, bellows swell."""
    f0 = p.pitch_hz
    beat = rng.uniform(3.0, 7.0)  # Hz between the two reeds
    k = np.arange(1, 41)
    amps = _jitter(rng, k ** -0.8, 0.2)

    def voice(m, hold):
        x = np.zeros(m)
        for f in (f0 - beat / 2, f0 + beat / 2):
            x += dsp.harmonics(dsp.phase_of(np.full(m, f), sr) + rng.uniform(0, 6.28), amps, f, sr)
        return x

    x = _sustained(rng, p, n, sr, voice, min_len=0.5, attack=0.15, release=0.1)
    return 0.6 * x + dsp.resonator(x, sr, rng.uniform(1200, 1800), 1.0)


def piano(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Hammered strings: slightly stretched partials decaying at different rates, two detuned strings,
    a hammer thump, each note damped when the next starts."""
    f0 = p.pitch_hz
    B = rng.uniform(1e-4, 4e-4)  # inharmonicity
    k = np.arange(1, 16)
    ratios = k * np.sqrt(1 + B * k ** 2)
    amps = _jitter(rng, k ** -1.1 * np.exp(-k * rng.uniform(0.05, 0.15)), 0.2)
    t60 = rng.uniform(2.0, 4.0)
    detune = rng.uniform(0.0003, 0.001)
    onsets = dsp.note_onsets(rng, p.notes, p.duration, min_gap=0.4)
    m = n
    t = np.arange(m) / sr
    t60s = t60 / (1 + 0.35 * (k - 1))
    note = dsp.decaying_partials(np.concatenate([ratios * f0 * (1 - detune), ratios * f0 * (1 + detune)]),
                                 np.concatenate([amps, amps]), np.concatenate([t60s, t60s]), m, sr)
    thump = dsp.butter(rng.standard_normal(m), sr, "lowpass", 400) * np.exp(-t / 0.01) * 0.5
    note = (note + thump) * np.clip(t / 0.002, 0, 1)
    out = np.zeros(n)
    for i, t0 in enumerate(onsets):
        s = int(t0 * sr)
        e = int(onsets[i + 1] * sr) if i + 1 < len(onsets) else n
        seg = note[: e - s] * rng.uniform(0.7, 1.0)
        seg[-200:] *= np.linspace(1, 0, min(200, len(seg)))
        dsp.add_at(out, seg, s)
    return out
