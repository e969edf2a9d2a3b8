"""Renders a sample's picture: a random background, clutter, the class's object(s) laid out by
the sample's size and count, then lighting and sensor noise.

Drawn at SUPERSAMPLE x the final size and box-filtered down, so edges are smooth at 64 x 64.
What the picture shows of the hidden variables: the object's size (box side grows with `size`),
the number of objects (`count`, counted classes), the number of rain drops and the cloud's grey
(`intensity`). Everything else (position, rotation, mirror, colours, background, clutter,
brightness, tint, noise) is nuisance.
"""
import math

import numpy as np
from PIL import Image, ImageDraw

from . import draw_instruments, draw_sources
from .classes import ClassSpec
from .colours import hsv, jitter
from .config import IMAGE_SIZE, SUPERSAMPLE
from .frame import Frame
from .params import Params

SHAPES = {**draw_instruments.SHAPES, **draw_sources.SHAPES}


def background(rng: np.random.Generator, S: int) -> Image.Image:
    """Solid, gradient, blotchy noise, stripes or checks, in muted random colours, at S x S pixels
    (render at the final size and enlarge: it has no detail finer than a final pixel)."""
    h = rng.random()
    a = np.array(hsv(h, rng.uniform(0, 0.5), rng.uniform(0.25, 0.95)), dtype=np.float64)
    b = np.array(hsv(h + rng.uniform(-0.15, 0.15), rng.uniform(0, 0.5), rng.uniform(0.25, 0.95)), dtype=np.float64)
    kind = rng.choice(["solid", "gradient", "noise", "stripes", "checks"], p=[0.25, 0.3, 0.2, 0.125, 0.125])
    y, x = np.mgrid[0:S, 0:S] / S
    if kind == "solid":
        t = np.zeros((S, S))
    elif kind == "gradient":
        ang = rng.uniform(0, 2 * np.pi)
        t = np.clip((np.cos(ang) * (x - 0.5) + np.sin(ang) * (y - 0.5)) + 0.5, 0, 1)
    elif kind == "noise":
        k = int(rng.integers(3, 8))
        small = Image.fromarray((rng.random((k, k)) * 255).astype(np.uint8))
        t = np.asarray(small.resize((S, S), Image.BICUBIC), dtype=np.float64) / 255
    elif kind == "stripes":
        ang, period = rng.uniform(0, np.pi), rng.uniform(0.08, 0.25)
        t = (np.sin(2 * np.pi * (np.cos(ang) * x + np.sin(ang) * y) / period) > 0) * rng.uniform(0.2, 0.5)
    else:
        n = int(rng.integers(3, 7))
        t = ((np.floor(x * n) + np.floor(y * n)) % 2) * rng.uniform(0.2, 0.5)
    img = a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]
    return Image.fromarray(img.astype(np.uint8), "RGB")


def clutter(d: ImageDraw.ImageDraw, rng: np.random.Generator, S: int):
    """0-5 small random shapes behind the object (distractors a classifier must learn to ignore)."""
    for _ in range(int(rng.integers(0, 6))):
        colour = hsv(rng.random(), rng.uniform(0.2, 1), rng.uniform(0.2, 1))
        r = rng.uniform(0.03, 0.09) * S
        x, y = rng.uniform(0, S, 2)
        kind = int(rng.integers(4))
        if kind == 0:
            d.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        elif kind == 1:
            d.rectangle([x - r, y - r, x + r, y + r], fill=colour)
        elif kind == 2:
            d.polygon([(x, y - r), (x + r, y + r), (x - r, y + r)], fill=colour)
        else:
            ang = rng.uniform(0, np.pi)
            d.line([(x - 2 * r * math.cos(ang), y - 2 * r * math.sin(ang)),
                    (x + 2 * r * math.cos(ang), y + 2 * r * math.sin(ang))], fill=colour, width=max(2, int(r / 3)))


def _rotated_extent(w: float, h: float, degrees: float):
    c, s = abs(math.cos(math.radians(degrees))), abs(math.sin(math.radians(degrees)))
    return w * c + h * s, w * s + h * c


def layout(spec: ClassSpec, p: Params, rng: np.random.Generator, S: int):
    """[(cx, cy, b, angle, mirror)] for each object: one object, or p.count objects in random cells
    of a 2 x 2 grid, with the box side b growing with p.size."""
    _, w, h, max_rot = SHAPES[spec.name]
    if p.count <= 1:
        slots = [(0.0, 0.0, float(S))]
        b = S * (0.42 + 0.5 * p.size)
    else:
        cells = rng.permutation(4)[: p.count]
        slots = [(float((c % 2) * S / 2), float((c // 2) * S / 2), S / 2) for c in cells]
        b = S / 2 * (0.6 + 0.36 * p.size)
    placed = []
    for x0, y0, cell in slots:
        angle = rng.uniform(-max_rot, max_rot)
        for _ in range(3):  # a big, tilted object may not fit: straighten it until it does
            ew, eh = _rotated_extent(w * b, h * b, angle)
            if ew <= 0.98 * cell and eh <= 0.98 * cell:
                break
            angle /= 2
        ew, eh = (min(e, cell) for e in _rotated_extent(w * b, h * b, angle))
        cx = x0 + rng.uniform(ew / 2, cell - ew / 2)
        cy = y0 + rng.uniform(eh / 2, cell - eh / 2)
        placed.append((cx, cy, b, angle, bool(rng.random() < 0.5)))
    return placed


def _rain(canvas: Image.Image, p: Params, rng: np.random.Generator, S: int):
    """A cloud (bigger with size, darker with intensity) and 3..30 drops below it (more with intensity)."""
    b = S * (0.5 + 0.45 * p.size)
    cx = rng.uniform(0.5 * b, S - 0.5 * b) if b < S else S / 2
    cy = rng.uniform(0.25 * b, max(0.25 * b, 0.42 * S - 0.2 * b))
    d = ImageDraw.Draw(canvas)
    draw_sources.cloud(Frame(d, cx, cy, b), rng, p.intensity)
    drops = 3 + int(round(27 * p.intensity))
    slant = math.tan(math.radians(rng.uniform(-20, 20)))
    blue = jitter(rng, (60, 120, 225), 20)
    length = S * (0.04 + 0.04 * p.intensity)
    top = cy + 0.22 * b
    for _ in range(drops):
        x = rng.uniform(cx - 0.42 * b, cx + 0.42 * b)
        y = rng.uniform(top, max(top + 1, S - length))
        d.line([(x, y), (x + slant * length, y + length)], fill=blue, width=max(2, int(S * 0.02)))


def _composite(canvas: Image.Image, layer: Image.Image, cx: float, cy: float, angle: float):
    """Pastes an object layer onto the RGB canvas, rotated by `angle` degrees about (cx, cy). Only a
    square around the drawn part is rotated (rotating the whole canvas costs ~10x more)."""
    box = layer.getbbox()
    if box is None:
        return
    if abs(angle) <= 0.5:
        part = layer.crop(box)
        canvas.paste(part, box[:2], part)
        return
    r = int(math.ceil(max(math.hypot(x - cx, y - cy) for x in box[0::2] for y in box[1::2]))) + 2
    x0, y0 = int(cx) - r, int(cy) - r
    part = layer.crop((x0, y0, x0 + 2 * r, y0 + 2 * r))
    part = part.rotate(angle, resample=Image.BICUBIC, center=(cx - x0, cy - y0))
    canvas.paste(part, (x0, y0), part)


def lighting(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Brightness, colour tint, a light falloff across the frame and sensor noise, uint8 [H, W, 3]."""
    H, W, _ = img.shape
    x = img.astype(np.float32)
    gain = rng.uniform(0.7, 1.2) * rng.uniform(0.9, 1.1, 3).astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:H, 0:W] / max(H, W) - 0.5
    falloff = 1 + rng.uniform(0, 0.35) * (np.cos(ang) * xx + np.sin(ang) * yy)
    x = x * gain[None, None, :] * falloff[..., None].astype(np.float32)
    x += rng.normal(0, rng.uniform(0, 5), x.shape).astype(np.float32)
    return np.clip(np.round(x), 0, 255).astype(np.uint8)


def render_image(spec: ClassSpec, p: Params, rng: np.random.Generator, size: int = IMAGE_SIZE) -> np.ndarray:
    """uint8 [size, size, 3] picture of the sample."""
    S = size * SUPERSAMPLE
    canvas = background(rng, size).resize((S, S), Image.NEAREST)
    clutter(ImageDraw.Draw(canvas), rng, S)
    if spec.name == "rain":
        _rain(canvas, p, rng, S)
    else:
        drawer = SHAPES[spec.name][0]
        for cx, cy, b, angle, mirror in layout(spec, p, rng, S):
            layer = Image.new("RGBA", (S, S), (0, 0, 0, 0))
            drawer(Frame(ImageDraw.Draw(layer), cx, cy, b, mirror), rng)
            _composite(canvas, layer, cx, cy, angle)
    small = canvas.resize((size, size), Image.BOX)
    return lighting(np.asarray(small), rng)
