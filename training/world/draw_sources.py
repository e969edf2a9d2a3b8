"""Drawings of the non-musical sources in object coordinates (see frame.Frame): bell = flared gold
bell with lip and clapper, drum = cylinder with a pale top ellipse, cords and crossed sticks,
dog = four-legged side view with snout and ear, barking, bird = round body, wing, orange beak,
engine = a car with wheels and exhaust puffs, rain = a grey cloud (the drops are laid out by the
scene, since their number shows the intensity).
"""
import numpy as np

from .colours import jitter, pick, shade
from .frame import Frame


def bell(f: Frame, rng):
    metal = pick(rng, [(215, 165, 50), (190, 140, 60), (225, 190, 90)])
    edge = shade(metal, 0.4)
    f.ring(0, -0.42, 0.06, 0.06, edge, 0.03)
    right = [(0.1, -0.36), (0.16, -0.3), (0.19, -0.15), (0.22, 0.05), (0.29, 0.2), (0.38, 0.29)]
    outline = [(-u, v) for u, v in reversed(right)] + right
    for part in ("edge", "fill"):
        f.poly(outline, metal, edge, part=part)
        f.ellipse(0, -0.35, 0.1, 0.045, metal, edge, part=part)
        f.ellipse(0, 0.29, 0.38, 0.065, metal, edge, part=part)
    f.ellipse(0, 0.3, 0.33, 0.045, shade(metal, 0.45))
    f.circle(0, 0.37, 0.06, (70, 65, 60), (30, 30, 30))
    f.line([(-0.1, -0.25), (-0.13, -0.05), (-0.2, 0.15)], shade(metal, 1.45), 0.025)
    f.line([(-0.25, 0.2), (0.25, 0.2)], shade(metal, 0.7), 0.012)


def drum(f: Frame, rng):
    shell = pick(rng, [(200, 30, 40), (30, 70, 180), (30, 140, 70), (230, 140, 30)])
    edge = shade(shell, 0.4)
    head = jitter(rng, (240, 235, 218), 10)
    silver = (200, 200, 205)
    f.ellipse(0, 0.3, 0.35, 0.08, shade(shell, 0.7), edge)
    f.rect(-0.35, -0.12, 0.35, 0.3, shell)
    f.line([(-0.35, -0.12), (-0.35, 0.3)], edge, 0.02)
    f.line([(0.35, -0.12), (0.35, 0.3)], edge, 0.02)
    zig = [(-0.33 + i * 0.066, -0.06 if i % 2 == 0 else 0.3) for i in range(11)]
    f.line(zig, (235, 235, 230), 0.014)
    f.ring(0, 0.3, 0.355, 0.082, silver, 0.022)
    f.ellipse(0, -0.12, 0.36, 0.085, silver, edge)
    f.ellipse(0, -0.12, 0.33, 0.07, head)
    stick = jitter(rng, (215, 175, 115), 10)
    for s in (-1, 1):
        f.line([(s * 0.38, -0.46), (-s * 0.08, -0.17)], shade(stick, 0.6), 0.034)
        f.line([(s * 0.38, -0.46), (-s * 0.08, -0.17)], stick, 0.022)
        f.circle(-s * 0.08, -0.17, 0.022, stick)


_FUR = [(150, 95, 45), (210, 160, 80), (45, 38, 32), (225, 220, 205), (120, 115, 110)]


def dog(f: Frame, rng):
    fur = pick(rng, _FUR)
    dark = shade(fur, 0.55) if sum(fur) > 200 else shade(fur, 1.6)
    edge = shade(fur, 0.4) if sum(fur) > 200 else (10, 10, 10)
    f.line([(-0.32, -0.04), (-0.42, -0.16), (-0.47, -0.3)], edge, 0.06)
    f.line([(-0.32, -0.04), (-0.42, -0.16), (-0.47, -0.3)], fur, 0.035)
    for u, far in ((-0.24, True), (0.2, True), (-0.3, False), (0.14, False)):
        c = shade(fur, 0.8) if far else fur
        f.rect(u - 0.04, 0.02, u + 0.04, 0.38, c, edge)
        f.ellipse(u + 0.015, 0.38, 0.05, 0.022, c, edge)
    parts = [("e", (-0.05, 0.0, 0.32, 0.15)), ("p", [(0.12, -0.1), (0.25, -0.3), (0.34, -0.2), (0.25, 0.05)]),
             ("e", (0.3, -0.22, 0.12, 0.11)), ("e", (0.42, -0.17, 0.085, 0.055))]
    for part in ("edge", "fill"):
        for kind, geo in parts:
            if kind == "e":
                f.ellipse(*geo, fur, edge, part=part)
            else:
                f.poly(geo, fur, edge, part=part)
    f.poly([(0.38, -0.13), (0.5, -0.12), (0.47, -0.06), (0.38, -0.1)], (90, 20, 25), edge)
    f.ellipse(0.44, -0.085, 0.025, 0.015, (220, 90, 100))
    f.circle(0.5, -0.19, 0.028, (15, 10, 10))
    f.circle(0.33, -0.26, 0.022, (15, 10, 10))
    f.poly([(0.22, -0.3), (0.28, -0.31), (0.24, -0.12), (0.18, -0.15)], dark, edge)
    if rng.random() < 0.5:
        f.line([(0.18, -0.13), (0.26, -0.06)], pick(rng, [(200, 30, 30), (30, 60, 200)]), 0.03)


_FEATHERS = [(50, 100, 205), (205, 40, 40), (235, 200, 40), (60, 150, 60), (145, 100, 60)]


def bird(f: Frame, rng):
    body = pick(rng, _FEATHERS)
    edge = shade(body, 0.35)
    wing = shade(body, 0.65)
    beak = jitter(rng, (245, 160, 30), 10)
    if rng.random() < 0.7:
        f.line([(-0.45, 0.34), (0.45, 0.3)], jitter(rng, (110, 75, 40), 10), 0.04)
    for u in (-0.02, 0.06):
        f.line([(u, 0.15), (u, 0.32)], (60, 50, 40), 0.018)
    f.poly([(-0.2, -0.02), (-0.46, 0.13), (-0.42, 0.21), (-0.14, 0.1)], wing, edge)
    for part in ("edge", "fill"):
        f.ellipse(-0.02, 0.03, 0.25, 0.17, body, edge, part=part)
        f.circle(0.2, -0.14, 0.125, body, edge, part=part)
    f.ellipse(0.04, 0.09, 0.17, 0.08, shade(body, 1.5))
    f.poly([(-0.22, -0.02), (0.02, -0.07), (0.1, 0.02), (-0.1, 0.1)], wing, edge)
    f.poly([(0.3, -0.19), (0.45, -0.16), (0.31, -0.135)], beak, shade(beak, 0.5))
    f.poly([(0.31, -0.12), (0.43, -0.09), (0.3, -0.095)], beak, shade(beak, 0.5))
    f.circle(0.24, -0.17, 0.028, (10, 10, 10))
    f.circle(0.248, -0.178, 0.008, (250, 250, 250))


_PAINT = [(200, 30, 35), (35, 80, 190), (235, 200, 40), (40, 140, 70), (235, 235, 235), (60, 60, 65)]


def engine(f: Frame, rng):
    paint = pick(rng, _PAINT)
    edge = shade(paint, 0.35) if sum(paint) > 200 else (10, 10, 10)
    glass = jitter(rng, (160, 200, 230), 15)
    smoke = jitter(rng, (150, 150, 155), 20)
    for u, v, r in ((-0.37, 0.13, 0.035), (-0.43, 0.09, 0.045), (-0.48, 0.03, 0.05)):
        f.circle(u, v, r, smoke, shade(smoke, 0.7))
    body = [(-0.33, 0.0), (-0.3, -0.06), (-0.18, -0.08), (-0.1, -0.22), (0.16, -0.22), (0.27, -0.08),
            (0.47, -0.05), (0.5, 0.03), (0.49, 0.14), (-0.33, 0.14)]
    f.poly(body, paint, edge)
    f.poly([(-0.07, -0.19), (0.02, -0.19), (0.02, -0.085), (-0.14, -0.085)], glass, edge)
    f.poly([(0.05, -0.19), (0.14, -0.19), (0.23, -0.085), (0.05, -0.085)], glass, edge)
    f.line([(-0.3, 0.0), (0.47, 0.0)], shade(paint, 0.7), 0.008)
    f.ellipse(0.47, -0.02, 0.02, 0.02, (250, 235, 120))
    f.rect(-0.335, -0.04, -0.31, 0.02, (210, 30, 30))
    for u in (-0.17, 0.3):
        f.circle(u, 0.14, 0.1, (20, 20, 22))
        f.circle(u, 0.14, 0.045, (170, 170, 175))


def cloud(f: Frame, rng, darkness: float):
    """A cloud whose grey darkens with the rain's intensity (0 light grey, 1 dark grey)."""
    grey = jitter(rng, np.array((215, 218, 225)) * (1 - 0.45 * darkness), 8)
    edge = shade(grey, 0.6)
    puffs = [(-0.28, 0.06, 0.16), (-0.1, -0.06, 0.21), (0.14, -0.1, 0.2), (0.32, 0.04, 0.15)]
    for part in ("edge", "fill"):
        for u, v, r in puffs:
            f.circle(u, v, r, grey, edge, part=part)
        f.rect(-0.3, 0.0, 0.36, 0.2, grey, edge, part=part)
        f.ellipse(0.03, 0.15, 0.34, 0.07, grey, edge, part=part)
    f.circle(-0.12, -0.1, 0.08, shade(grey, 1.15))


# name -> (drawer, width, height in box units, largest random rotation in degrees)
SHAPES = {
    "bell": (bell, 0.8, 0.95, 12),
    "drum": (drum, 0.78, 0.96, 6),
    "dog": (dog, 1.0, 0.85, 5),
    "bird": (bird, 0.94, 0.7, 8),
    "engine": (engine, 1.0, 0.47, 4),
}
