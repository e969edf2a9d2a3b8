"""Synthesisers of the non-musical sources: bells, drums, dogs, birds (counted events), an engine
and rain. Same contract as synth_instruments: f(rng, p, n, sr) -> float64 [n], unnormalised.

Counted classes place exactly `p.count` events at least `spec.min_gap` apart, so that
estimate.count_events can recover the number of objects in the picture from the sound.
"""
import numpy as np

from . import dsp
from .classes import SPECS
from .params import Params


def _events(rng, p: Params, name: str, n: int, sr: int, make_event) -> np.ndarray:
    """Adds p.count events, each make_event() -> [m], at spaced onsets."""
    out = np.zeros(n)
    onsets = dsp.spaced_times(rng, p.count, p.duration, min_gap=SPECS[name].min_gap,
                              start=rng.uniform(0.03, 0.1), tail=0.25)
    for t0 in onsets:
        dsp.add_at(out, make_event() * rng.uniform(0.8, 1.0), int(t0 * sr))
    return out


def bell(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Struck bell: inharmonic partials (hum, prime, minor-third tierce, quint, nominal, ...) around
    the nominal pitch_hz, the low ones ringing longest, and a metallic strike."""
    f = p.pitch_hz
    ratios = np.array([0.5, 1.0, 1.19, 1.5, 2.0, 2.51, 2.66, 3.01, 4.1]) * rng.uniform(0.99, 1.01, 9)
    amps = np.array([0.5, 0.9, 0.7, 0.35, 1.0, 0.4, 0.3, 0.3, 0.2]) * rng.uniform(0.7, 1.3, 9)
    t60 = rng.uniform(0.8, 1.4)
    decays = t60 * np.array([1.0, 0.8, 0.7, 0.6, 0.5, 0.35, 0.3, 0.25, 0.2])
    m = int(t60 * sr)
    t = np.arange(m) / sr

    def strike():
        x = dsp.decaying_partials(ratios * f, amps * rng.uniform(0.85, 1.15, len(amps)), decays, m, sr)
        hit = dsp.butter(rng.standard_normal(m), sr, "highpass", 4000) * np.exp(-t / 0.003) * 0.5
        return (x + hit) * np.clip(t / 0.001, 0, 1)

    return _events(rng, p, "bell", n, sr, strike)


def drum(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Drum hit: a membrane mode sweeping down onto pitch_hz, a second mode at 1.59x, a noisy snare."""
    f = p.pitch_hz
    t60 = rng.uniform(0.2, 0.45)
    snare = rng.uniform(0.3, 0.8)
    m = int(t60 * sr)
    t = np.arange(m) / sr

    def hit():
        sweep = f * (1 + 0.6 * np.exp(-t / 0.02))
        phase = dsp.phase_of(sweep, sr)
        body = np.sin(phase) + 0.4 * np.sin(1.59 * phase)
        body *= np.exp(-6.9 * t / t60)
        noise = dsp.butter(rng.standard_normal(m), sr, "bandpass", (1000, 6000)) * np.exp(-6.9 * t / (t60 * 0.4))
        return (body + snare * noise) * np.clip(t / 0.001, 0, 1)

    return _events(rng, p, "drum", n, sr, hit)


def dog(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Bark: a short harsh voiced burst whose pitch jumps up then falls, through two formants that
    scale with the dog (a big dog has a lower voice and lower formants)."""
    f = p.pitch_hz
    scale = f / 450.0
    f1, f2 = rng.uniform(600, 900) * scale ** 0.5, rng.uniform(1500, 2200) * scale ** 0.5
    k = np.arange(1, 25)
    amps = k ** -0.7

    def bark():
        length = rng.uniform(0.12, 0.2)
        m = int(length * sr)
        t = np.arange(m) / sr
        u = t / length
        contour = f * (0.9 + 0.35 * np.sin(np.pi * np.minimum(u * 1.5, 1.0)) - 0.15 * u)
        x = dsp.harmonics(dsp.phase_of(contour, sr), amps, f * 1.25, sr)
        x += 0.5 * rng.standard_normal(m)
        env = np.clip(t / 0.008, 0, 1) * np.exp(-3.0 * u ** 2) * (1 - u) ** 0.5
        y = dsp.resonator(x, sr, f1, 2.5) + 0.7 * dsp.resonator(x, sr, f2, 3.0)
        return y * env

    return _events(rng, p, "dog", n, sr, bark)


def bird(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Chirp: a fast frequency sweep around pitch_hz with a trill, nearly a pure whistle."""
    f = p.pitch_hz
    up = rng.random() < 0.5
    trill_rate, trill_depth = rng.uniform(25, 60), rng.uniform(0.02, 0.08)

    def chirp():
        length = rng.uniform(0.07, 0.16)
        m = int(length * sr)
        u = np.arange(m) / m
        sweep = f * (0.8 + 0.45 * (u if up else 1 - u)) * (1 + trill_depth * np.sin(2 * np.pi * trill_rate * u * length))
        x = dsp.harmonics(dsp.phase_of(sweep, sr), [1.0, 0.12], f * 1.4, sr)
        return x * np.sin(np.pi * u) ** 0.7

    return _events(rng, p, "bird", n, sr, chirp)


def engine(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Idling engine: a firing-rate pulse train (pitch_hz) with slow rpm wobble, low-passed, plus
    exhaust noise gated by the firing cycle and a low rumble."""
    f = p.pitch_hz
    t = np.arange(n) / sr
    freq = f * (1 + rng.uniform(0.005, 0.02) * np.sin(2 * np.pi * rng.uniform(0.3, 1.5) * t + rng.uniform(0, 6.28)))
    phase = dsp.phase_of(freq, sr)
    k = np.arange(1, 60)
    amps = k ** -0.6 * rng.uniform(0.7, 1.3, len(k))
    tone = dsp.harmonics(phase, amps, f * 1.02, sr)
    gate = (0.5 + 0.5 * np.cos(phase)) ** 4
    exhaust = dsp.butter(rng.standard_normal(n), sr, "bandpass", (150, 1500)) * gate * rng.uniform(0.5, 1.2)
    rumble = dsp.butter(dsp.pink_noise(n, rng, 2.0), sr, "lowpass", 120) * 0.3
    x = dsp.butter(tone, sr, "lowpass", rng.uniform(600, 1400)) + exhaust + rumble
    return x * np.clip(t / 0.2, 0, 1)


def rain(rng, p: Params, n: int, sr: int) -> np.ndarray:
    """Rain: a hiss whose level grows with intensity, plus drops (short bubble pops at 1-5 kHz) whose
    rate grows from 15/s (light) to 300/s (heavy)."""
    q = p.intensity
    hiss = dsp.butter(dsp.pink_noise(n, rng, 0.5), sr, "bandpass", (rng.uniform(300, 600), rng.uniform(6000, 7800)))
    # Both grow exponentially with intensity, so that what is heard (in dB, in drops per octave of
    # rate) changes evenly from light to heavy rain.
    hiss *= 10 ** ((-34.0 + 30.0 * q) / 20)
    rate = 15.0 * 20.0 ** q
    count = rng.poisson(rate * p.duration)
    m = int(0.02 * sr)
    t = np.arange(m) / sr
    starts = rng.integers(0, n, size=count)
    freqs = rng.uniform(1000, 5000, size=(count, 1))
    gains = rng.uniform(0.2, 1.0, size=(count, 1)) ** 2
    taus = rng.uniform(0.002, 0.006, size=(count, 1))
    pops = gains * np.sin(2 * np.pi * freqs * (1 + 40 * t) * t) * np.exp(-t / taus)  # [count, m]
    idx = starts[:, None] + np.arange(m)
    keep = idx < n
    drops = np.bincount(idx[keep], weights=pops[keep], minlength=n)
    return hiss + 0.5 * drops
