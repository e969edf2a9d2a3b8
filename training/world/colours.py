"""Colour helpers for the drawings: jitter around a base colour, darker/lighter shades."""
import colorsys

import numpy as np


def jitter(rng: np.random.Generator, rgb, amount: float = 18.0):
    """The base colour with each channel moved by up to +-amount, as an int tuple."""
    return tuple(int(np.clip(c + rng.uniform(-amount, amount), 0, 255)) for c in rgb)


def shade(rgb, factor: float):
    """Darker (factor < 1) or lighter (factor > 1, towards white) version of a colour."""
    if factor <= 1:
        return tuple(int(c * factor) for c in rgb)
    t = min(factor - 1, 1.0)
    return tuple(int(c + (255 - c) * t) for c in rgb)


def pick(rng: np.random.Generator, options, amount: float = 15.0):
    """One of several base colours, jittered."""
    return jitter(rng, options[int(rng.integers(len(options)))], amount)


def hsv(h: float, s: float, v: float):
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return (int(r * 255), int(g * 255), int(b * 255))
