"""Drawing in an object's own coordinates: u to the right, v down, both in [-0.5, 0.5] of the
object's box, mapped to pixels of a Pillow canvas (centre cx, cy; box side b pixels; optional
mirror). Shapes take a fill and an outline colour. A silhouette of several overlapping parts is
outlined once: draw every part with part="edge" (the outline colour, grown by the outline width),
then every part with part="fill" (the fill alone).
"""
from PIL import ImageDraw


class Frame:
    def __init__(self, draw: ImageDraw.ImageDraw, cx: float, cy: float, b: float, mirror: bool = False,
                 line: float = 0.02):
        self.d, self.cx, self.cy, self.b, self.mirror = draw, cx, cy, b, mirror
        self.w = max(1, int(round(line * b)))  # outline width in pixels

    def p(self, u: float, v: float):
        return (self.cx + (-u if self.mirror else u) * self.b, self.cy + v * self.b)

    def px(self, length: float) -> int:
        return max(1, int(round(length * self.b)))

    def _box(self, cu, cv, ru, rv, grow=0.0):
        x, y = self.p(cu, cv)
        rx, ry = ru * self.b + grow, rv * self.b + grow
        return [x - rx, y - ry, x + rx, y + ry]

    def ellipse(self, cu, cv, ru, rv, fill, outline=None, part="both"):
        if part == "edge":
            self.d.ellipse(self._box(cu, cv, ru, rv, self.w), fill=outline)
        elif part == "fill":
            self.d.ellipse(self._box(cu, cv, ru, rv), fill=fill)
        else:
            self.d.ellipse(self._box(cu, cv, ru, rv), fill=fill,
                           outline=outline, width=self.w if outline is not None else 0)

    def circle(self, cu, cv, r, fill, outline=None, part="both"):
        self.ellipse(cu, cv, r, r, fill, outline, part)

    def ring(self, cu, cv, ru, rv, colour, width: float):
        self.d.ellipse(self._box(cu, cv, ru, rv), outline=colour, width=self.px(width))

    def rect(self, u0, v0, u1, v1, fill, outline=None, part="both"):
        self.poly([(u0, v0), (u1, v0), (u1, v1), (u0, v1)], fill, outline, part)

    def poly(self, pts, fill, outline=None, part="both"):
        xy = [self.p(u, v) for u, v in pts]
        if part == "edge":
            self.d.polygon(xy, fill=outline, outline=outline, width=2 * self.w)
        elif part == "fill":
            self.d.polygon(xy, fill=fill)
        else:
            self.d.polygon(xy, fill=fill, outline=outline, width=self.w if outline is not None else 1)

    def line(self, pts, colour, width: float):
        self.d.line([self.p(u, v) for u, v in pts], fill=colour, width=self.px(width), joint="curve")
