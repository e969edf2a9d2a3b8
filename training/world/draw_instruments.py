"""Drawings of the eight instruments in object coordinates (see frame.Frame), each recognisable by
its parts: guitar = round sound hole + long neck, violin = waisted dark-red body + f-holes +
black fingerboard + scroll, flute = long silver tube with keys, trumpet = gold bell + valves,
clarinet = black tube + bell + silver keys, xylophone = rainbow bars of falling length, accordion
= pleated bellows + keyboard, piano = cabinet + black-and-white keyboard.
"""
import numpy as np

from .colours import jitter, pick, shade
from .frame import Frame

WOOD = [(205, 135, 65), (225, 175, 105), (175, 95, 45), (150, 60, 30)]


def guitar(f: Frame, rng):
    body = pick(rng, WOOD[:3])
    edge = shade(body, 0.35)
    neck = jitter(rng, (75, 42, 20), 10)
    parts = [("e", (0, 0.08, 0.165, 0.145)), ("e", (0, 0.3, 0.23, 0.2))]
    for part in ("edge", "fill"):
        for _, (cu, cv, ru, rv) in parts:
            f.ellipse(cu, cv, ru, rv, body, edge, part=part)
    f.rect(-0.036, -0.42, 0.036, 0.08, neck)
    f.rect(-0.058, -0.5, 0.058, -0.4, shade(neck, 0.8), edge)
    for v in (-0.48, -0.45, -0.42):
        for u in (-0.075, 0.075):
            f.circle(u, v, 0.014, (210, 210, 200))
    f.circle(0, 0.14, 0.068, (25, 15, 8), edge)
    f.rect(-0.09, 0.34, 0.09, 0.37, shade(neck, 0.7))
    for u in (-0.02, 0.0, 0.02):
        f.line([(u, -0.42), (u, 0.355)], (235, 230, 215), 0.004)


def violin(f: Frame, rng):
    body = pick(rng, [(150, 60, 25), (120, 45, 20), (170, 80, 30)])
    edge = shade(body, 0.35)
    parts = [(0, -0.09, 0.14, 0.13), (0, 0.26, 0.17, 0.16), (0, 0.09, 0.1, 0.12)]
    for part in ("edge", "fill"):
        for cu, cv, ru, rv in parts:
            f.ellipse(cu, cv, ru, rv, body, edge, part=part)
    # Lighter varnish in the middle of each bout.
    f.ellipse(0, -0.09, 0.08, 0.07, shade(body, 1.15))
    f.ellipse(0, 0.27, 0.1, 0.09, shade(body, 1.15))
    f.rect(-0.028, -0.44, 0.028, -0.2, shade(body, 0.8), edge)
    f.circle(0, -0.465, 0.035, body, edge)
    f.circle(0, -0.465, 0.014, edge)
    f.poly([(-0.028, -0.4), (0.028, -0.4), (0.045, 0.12), (-0.045, 0.12)], (15, 12, 12))
    for s in (-1, 1):
        f.ellipse(s * 0.09, 0.18, 0.011, 0.065, (20, 8, 4))
        f.circle(s * 0.09, 0.115, 0.014, (20, 8, 4))
        f.circle(s * 0.09, 0.245, 0.014, (20, 8, 4))
    f.rect(-0.065, 0.2, 0.065, 0.218, (235, 215, 170))
    f.poly([(-0.04, 0.3), (0.04, 0.3), (0.026, 0.42), (-0.026, 0.42)], (15, 12, 12))
    for u in (-0.018, -0.006, 0.006, 0.018):
        f.line([(u, -0.38), (u, 0.3)], (225, 225, 215), 0.004)


def flute(f: Frame, rng):
    metal = jitter(rng, (200, 202, 212), 15)
    edge = shade(metal, 0.5)
    f.rect(-0.5, -0.032, 0.5, 0.032, metal, edge)
    f.line([(-0.48, -0.013), (0.48, -0.013)], shade(metal, 1.5), 0.01)
    f.rect(-0.5, -0.04, -0.44, 0.04, shade(metal, 0.8), edge)
    f.ellipse(-0.36, -0.036, 0.045, 0.022, metal, edge)
    f.ellipse(-0.36, -0.036, 0.016, 0.009, (30, 30, 35))
    f.line([(-0.2, 0.026), (0.45, 0.026)], shade(metal, 0.6), 0.006)
    for u in np.linspace(-0.15, 0.4, int(rng.integers(7, 10))):
        f.circle(float(u), -0.004, 0.021, shade(metal, 0.9), edge)


def trumpet(f: Frame, rng):
    brass = pick(rng, [(228, 178, 45), (215, 160, 40), (235, 195, 80)])
    edge = shade(brass, 0.45)
    f.poly([(0.1, -0.035), (0.42, -0.17), (0.42, 0.17), (0.1, 0.035)], brass, edge, part="edge")
    f.ellipse(0.43, 0, 0.05, 0.19, brass, edge, part="edge")
    f.rect(-0.43, -0.022, 0.15, 0.022, brass, edge)
    f.line([(-0.3, 0.02), (-0.33, 0.07), (-0.3, 0.12), (0.04, 0.12), (0.07, 0.07), (0.04, 0.02)], edge, 0.045)
    f.line([(-0.3, 0.02), (-0.33, 0.07), (-0.3, 0.12), (0.04, 0.12), (0.07, 0.07), (0.04, 0.02)], brass, 0.028)
    f.poly([(0.1, -0.035), (0.42, -0.17), (0.42, 0.17), (0.1, 0.035)], brass)
    f.ellipse(0.43, 0, 0.05, 0.19, brass, edge)
    f.ellipse(0.44, 0, 0.03, 0.155, shade(brass, 0.55))
    f.rect(-0.5, -0.014, -0.42, 0.014, (200, 200, 205), (110, 110, 115))
    for u in (-0.13, -0.05, 0.03):
        f.rect(u - 0.027, -0.15, u + 0.027, 0.1, brass, edge)
        f.line([(u, -0.15), (u, -0.19)], shade(brass, 0.7), 0.012)
        f.ellipse(u, -0.195, 0.032, 0.018, (240, 232, 215), edge)
    f.line([(-0.2, -0.01), (0.15, -0.01)], shade(brass, 1.4), 0.008)


def clarinet(f: Frame, rng):
    wood = jitter(rng, (28, 26, 30), 10)
    silver = (195, 198, 205)
    f.poly([(-0.035, 0.33), (0.035, 0.33), (0.085, 0.5), (-0.085, 0.5)], wood, silver)
    f.rect(-0.036, -0.37, 0.036, 0.35, wood, (70, 70, 75))
    f.poly([(-0.03, -0.37), (0.03, -0.37), (0.018, -0.49), (-0.018, -0.49)], wood, (70, 70, 75))
    f.rect(-0.032, -0.44, 0.032, -0.42, silver)
    for v in (-0.37, -0.12, 0.33):
        f.rect(-0.04, v - 0.01, 0.04, v + 0.01, silver)
    f.line([(-0.014, -0.36), (-0.014, 0.32)], (85, 85, 92), 0.008)
    for v in np.linspace(-0.3, 0.26, 8):
        f.circle(0.012, float(v), 0.012, silver)
    f.line([(0.03, -0.25), (0.03, 0.25)], silver, 0.006)


_RAINBOW = [(220, 40, 40), (240, 140, 30), (240, 210, 40), (70, 180, 60), (40, 170, 200), (50, 90, 210),
            (110, 60, 190), (200, 70, 170)]


def xylophone(f: Frame, rng):
    rail = jitter(rng, (110, 70, 35), 15)
    wooden = rng.random() < 0.25
    f.line([(-0.48, -0.2), (0.46, -0.1)], rail, 0.035)
    f.line([(-0.48, 0.26), (0.46, 0.14)], rail, 0.035)
    for i in range(8):
        u = -0.42 + i * 0.12
        h = 0.28 - i * 0.017
        mid = 0.03
        colour = jitter(rng, (190, 130, 70) if wooden else _RAINBOW[i], 20)
        f.rect(u - 0.045, mid - h, u + 0.045, mid + h, colour, shade(colour, 0.45))
        for v in (mid - h + 0.05, mid + h - 0.05):
            f.circle(u, v, 0.012, (170, 170, 175))
    stick = jitter(rng, (225, 190, 130), 10)
    ball = pick(rng, [(200, 40, 40), (40, 40, 200), (240, 240, 235)])
    for u0 in (0.1, 0.2):
        f.line([(u0, 0.44), (u0 + 0.2, 0.1)], stick, 0.016)
        f.circle(u0 + 0.2, 0.1, 0.04, ball, shade(ball, 0.5))


def accordion(f: Frame, rng):
    body = pick(rng, [(190, 30, 35), (25, 25, 30), (30, 60, 160), (30, 120, 60)])
    fold_a = pick(rng, [(25, 25, 30), (230, 230, 225), (150, 20, 25)])
    fold_b = shade(fold_a, 0.6) if sum(fold_a) > 300 else shade(fold_a, 1.8)
    edge = shade(body, 0.4) if sum(body) > 150 else (120, 120, 125)
    f.rect(-0.45, -0.3, -0.27, 0.3, body, edge)
    for i in range(3):
        for j in range(4):
            f.circle(-0.41 + i * 0.05, -0.18 + j * 0.12, 0.014, (235, 230, 215))
    for i in range(14):
        u0 = -0.27 + i * 0.035
        f.rect(u0, -0.27, u0 + 0.035, 0.27, fold_a if i % 2 == 0 else fold_b)
    f.rect(-0.27, -0.27, 0.22, 0.27, None, edge)
    f.rect(0.22, -0.34, 0.45, 0.34, body, edge)
    f.rect(0.3, -0.31, 0.42, 0.31, (245, 243, 235), (90, 90, 90))
    for k in range(13):
        v = -0.31 + k * 0.62 / 13
        f.line([(0.3, v), (0.42, v)], (90, 90, 90), 0.004)
        if k % 7 not in (2, 6):
            f.rect(0.3, v + 0.03, 0.36, v + 0.055, (20, 20, 20))


def piano(f: Frame, rng):
    cabinet = pick(rng, [(22, 22, 25), (90, 50, 25), (60, 30, 20)], 8)
    edge = (110, 110, 115) if sum(cabinet) < 150 else shade(cabinet, 0.4)
    f.rect(-0.48, -0.4, 0.48, -0.34, shade(cabinet, 1.3), edge)
    f.rect(-0.45, -0.34, 0.45, 0.06, cabinet, edge)
    f.rect(-0.18, -0.24, 0.18, -0.08, (240, 238, 225), (120, 120, 120))
    for v in (-0.2, -0.16, -0.12):
        f.line([(-0.15, v), (0.15, v)], (80, 80, 80), 0.004)
    f.rect(-0.47, 0.06, 0.47, 0.19, (248, 247, 240), (60, 60, 60))
    white = 16
    for k in range(1, white):
        u = -0.47 + k * 0.94 / white
        f.line([(u, 0.06), (u, 0.19)], (70, 70, 70), 0.004)
        if k % 7 not in (3, 0):
            f.rect(u - 0.017, 0.06, u + 0.017, 0.135, (15, 15, 15))
    f.rect(-0.45, 0.19, 0.45, 0.24, cabinet, edge)
    f.rect(-0.42, 0.24, 0.42, 0.42, shade(cabinet, 1.2), edge)
    for u in (-0.44, 0.44):
        f.rect(u - 0.03, 0.19, u + 0.03, 0.48, cabinet, edge)
    for u in (-0.05, 0.0, 0.05):
        f.circle(u, 0.45, 0.015, (220, 180, 60))


# name -> (drawer, width, height of the drawing in box units, largest random rotation in degrees)
SHAPES = {
    "guitar": (guitar, 0.46, 1.0, 30),
    "violin": (violin, 0.36, 1.0, 25),
    "flute": (flute, 1.0, 0.1, 35),
    "trumpet": (trumpet, 1.0, 0.42, 15),
    "clarinet": (clarinet, 0.18, 1.0, 30),
    "xylophone": (xylophone, 0.96, 0.72, 8),
    "accordion": (accordion, 0.9, 0.68, 8),
    "piano": (piano, 0.96, 0.9, 5),
}
