"""Small signal-processing pieces shared by the synthesisers: phases, envelopes, filters, noise.

All functions take and return float64 numpy arrays; the sample rate is passed explicitly so that
nothing here depends on the world's configuration.
"""
import numpy as np
from scipy import signal

_TABLE = 4096  # wavetable length (samples per period)


def phase_of(freq: np.ndarray, sr: int) -> np.ndarray:
    """Running phase (radians) of an oscillator whose instantaneous frequency is `freq` [n] Hz."""
    return 2.0 * np.pi * np.cumsum(freq) / sr


def vibrato_freq(n: int, sr: int, f0: float, rate: float, depth: float, rng: np.random.Generator,
                 onset: float = 0.3) -> np.ndarray:
    """f0 with a sinusoidal vibrato of relative `depth` that fades in over `onset` seconds, [n] Hz."""
    t = np.arange(n) / sr
    fade = np.clip(t / max(onset, 1e-3), 0.0, 1.0)
    return f0 * (1.0 + depth * fade * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi)))


def harmonics(phase: np.ndarray, amps, f0_max: float, sr: int) -> np.ndarray:
    """Sum of harmonics a_k sin(k * phase), k = 1, 2, ..., skipping those above 0.45 sr (no aliasing).

    phase: [n] phase of the fundamental; f0_max: the highest fundamental the phase reaches. Read
    from a one-period wavetable with linear interpolation, so the cost does not grow with the
    number of harmonics.
    """
    amps = np.asarray(amps, dtype=np.float64)
    k = np.arange(1, len(amps) + 1, dtype=np.float64)
    keep = (k * f0_max < 0.45 * sr) & (amps != 0)
    theta = np.arange(_TABLE) * (2 * np.pi / _TABLE)
    table = np.sin(np.outer(k[keep], theta)).T @ amps[keep]  # [_TABLE]
    slope = np.roll(table, -1) - table
    pos = phase * (_TABLE / (2 * np.pi))
    i = pos.astype(np.int64)
    frac = pos - i
    i &= _TABLE - 1  # phase mod 2 pi
    return table[i] + frac * slope[i]


def decaying_partials(freqs, amps, t60s, m: int, sr: int) -> np.ndarray:
    """Sum of a_k sin(2 pi f_k t) exp(-6.9 t / t60_k) over m samples, as two-pole resonators driven
    by an impulse (modal synthesis): exact, and far cheaper than evaluating sin and exp per sample."""
    impulse = np.zeros(m)
    impulse[0] = 1.0
    out = np.zeros(m)
    for f, a, t60 in zip(freqs, amps, t60s):
        if f >= 0.45 * sr or a == 0:
            continue
        w = 2 * np.pi * f / sr
        r = np.exp(-6.9078 / (t60 * sr))
        # impulse response a r^n sin(w (n + 1)): the sine starts one sample early, inaudibly.
        # Past t60 the partial is below -60 dB: stop there, which saves most of the work.
        k = min(m, int(t60 * sr))
        out[:k] += signal.lfilter([a * np.sin(w)], [1.0, -2 * r * np.cos(w), r * r], impulse[:k])
    return out


def adsr(n: int, sr: int, attack: float, decay: float, sustain: float, release: float, hold: float) -> np.ndarray:
    """Attack-decay-sustain-release envelope, `hold` seconds from note on to note off, [n]."""
    t = np.arange(n) / sr
    a = np.clip(t / max(attack, 1e-4), 0, 1)
    d = sustain + (1 - sustain) * np.exp(-np.maximum(t - attack, 0) / max(decay, 1e-4))
    env = np.where(t < attack, a, d)
    rel = np.exp(-np.maximum(t - hold, 0) / max(release, 1e-4))
    return env * np.where(t < hold, 1.0, rel)


def decay_env(n: int, sr: int, t60: float, attack: float = 0.002) -> np.ndarray:
    """Fast attack, exponential decay reaching -60 dB after `t60` seconds, [n]."""
    t = np.arange(n) / sr
    return np.clip(t / attack, 0, 1) * np.exp(-6.9078 * t / t60)


def butter(x: np.ndarray, sr: int, kind: str, freq, order: int = 2) -> np.ndarray:
    """Butterworth filter (kind: lowpass|highpass|bandpass), cut-offs clipped into (20 Hz, 0.49 sr)."""
    f = np.clip(np.atleast_1d(np.asarray(freq, dtype=np.float64)), 20.0, 0.49 * sr)
    wn = f[0] if kind in ("lowpass", "highpass") else f[:2]
    sos = signal.butter(order, wn, btype=kind, fs=sr, output="sos")
    return signal.sosfilt(sos, x)


def resonator(x: np.ndarray, sr: int, freq: float, q: float) -> np.ndarray:
    """Two-pole resonant band-pass (a body or vocal-tract formant) at `freq` with quality `q`."""
    b, a = signal.iirpeak(min(freq, 0.45 * sr), q, fs=sr)
    return signal.lfilter(b, a, x)


def karplus_strong(excitation: np.ndarray, n: int, sr: int, f0: float, loss: float) -> np.ndarray:
    """Plucked string: a delay line loop with an averaging low-pass, tuned by a fractional all-pass.

    The loop delay is L (integer) + 0.5 (the two-tap average) + d (the all-pass), solved so that
    L + 0.5 + d = sr / f0 with d in [0.1, 1.1), which keeps the pitch exact to a few cents.
    `loss` in (0, 1] scales the loop gain (1 = longest sustain).
    """
    period = sr / f0
    L = int(np.floor(period - 0.6))
    d = period - 0.5 - L
    c = (1 - d) / (1 + d)
    g = loss
    # y (1 + c z^-1) = x (1 + c z^-1) + g/2 z^-L (c + (1 + c) z^-1 + z^-2) y
    a = np.zeros(L + 3)
    a[0], a[1] = 1.0, c
    a[L] -= g * c / 2
    a[L + 1] -= g * (1 + c) / 2
    a[L + 2] -= g / 2
    x = np.zeros(n)
    m = min(len(excitation), n)
    x[:m] = excitation[:m]
    return signal.lfilter([1.0, c], a, x)


def pink_noise(n: int, rng: np.random.Generator, slope: float = 1.0) -> np.ndarray:
    """Noise with power falling as 1/f^slope (slope 0 white, 1 pink, 2 brown), unit RMS."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=np.float64)
    f[0] = 1.0
    x = np.fft.irfft(spec / f ** (slope / 2), n)
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12)


def add_at(dst: np.ndarray, src: np.ndarray, start: int) -> None:
    """dst[start:start+len(src)] += src, cut at the end of dst."""
    if start >= len(dst):
        return
    m = min(len(src), len(dst) - start)
    dst[start:start + m] += src[:m]


def spaced_times(rng: np.random.Generator, count: int, duration: float, min_gap: float,
                 start: float = 0.05, tail: float = 0.25) -> np.ndarray:
    """`count` sorted onset times in [start, duration - tail] at least `min_gap` s apart, [count] s.

    Drawn as the gaps of a random partition of the free time, so every layout is possible and no
    rejection loop is needed. Raises if the clip is too short for that many events.
    """
    span = duration - tail - start
    free = span - min_gap * (count - 1)
    if free < 0:
        raise ValueError(f"{count} events {min_gap} s apart do not fit in a {duration} s clip")
    cuts = np.sort(rng.uniform(0, free, size=count))
    return start + cuts + min_gap * np.arange(count)


def note_onsets(rng: np.random.Generator, count: int, duration: float, min_gap: float, tail: float = 0.3) -> np.ndarray:
    """Onsets of a played phrase: the first note near the start (0.02-0.25 s), so a clip is mostly
    sound, the others spread at least `min_gap` apart over the rest of the clip, [count] s."""
    first = rng.uniform(0.02, 0.25)
    if count == 1:
        return np.array([first])
    rest = spaced_times(rng, count - 1, duration, min_gap, start=first + min_gap, tail=tail)
    return np.concatenate([[first], rest])


def fits(duration: float, min_gap: float, tail: float = 0.3, limit: int = 8) -> int:
    """How many note_onsets at least `min_gap` apart fit in a clip (at least 1, at most `limit`)."""
    return int(max(1, min(limit, np.floor((duration - 0.25 - tail) / min_gap) + 1)))


def fade_edges(x: np.ndarray, sr: int, seconds: float = 0.005) -> np.ndarray:
    """Short raised-cosine fades at both ends, so that a clip never starts or stops with a click."""
    k = min(int(seconds * sr), len(x) // 2)
    if k > 0:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, k))
        x = x.copy()
        x[:k] *= ramp
        x[-k:] *= ramp[::-1]
    return x
