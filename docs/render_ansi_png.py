#!/usr/bin/env python3
"""Render a terminal capture with ANSI colours (`tmux capture-pane -p -e`) to a PNG.

Usage: python3 docs/render_ansi_png.py CAPTURE.ans OUT.png [--cols 120] [--rows 40]
           [--background '#1c1c1c'] [--foreground '#d0d0d0'] [--font PATH] [--size 15]

Handles the SGR codes tmux writes: reset, bold, dim, underline, reverse, the 16 colours,
256-colour (38;5;n / 48;5;n) and true colour (38;2;r;g;b). Block and shade characters are
drawn as rectangles so spectrograms and bars render crisply whatever the font.
Needs Pillow and a monospace font (DejaVu Sans Mono: apt-get install fonts-dejavu-core).
"""
import argparse
import re
import sys

from PIL import Image, ImageDraw, ImageFont

ANSI16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
          (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
          (255, 0, 255), (0, 255, 255), (255, 255, 255)]
CUBE = [0, 95, 135, 175, 215, 255]
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"]


def palette(n):
    if n < 16:
        return ANSI16[n]
    if n >= 232:
        level = 8 + 10 * (n - 232)
        return (level, level, level)
    n -= 16
    return (CUBE[n // 36], CUBE[n // 6 % 6], CUBE[n % 6])


def hex_colour(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


class Style:
    def __init__(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.__init__()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = ANSI16[c - 30]
            elif 90 <= c <= 97:
                self.fg = ANSI16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = ANSI16[c - 40]
            elif 100 <= c <= 107:
                self.bg = ANSI16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = palette(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1


def parse(text, cols, rows):
    """Cells [row][col] = (char, style)."""
    blank = Style()
    grid = [[(" ", blank) for _ in range(cols)] for _ in range(rows)]
    style = Style()
    for r, line in enumerate(text.split("\n")[:rows]):
        c = 0
        for match in re.finditer(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|(.)", line):
            if match.group(1) is not None:
                style = style.copy()
                style.apply(match.group(1))
            elif match.group(2) is not None and c < cols:
                grid[r][c] = (match.group(2), style)
                c += 1
        # tmux leaves the rest of a line in the last style only if it was drawn; spaces are explicit.
    return grid


BLOCKS = {"█": (0, 0, 1, 1), "▀": (0, 0, 1, 0.5), "▄": (0, 0.5, 1, 1)}
LEFT_EIGHTHS = {"▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7}
SHADES = {"░": 0.25, "▒": 0.5, "▓": 0.75}


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def render(grid, out, background, foreground, font_path, size):
    font = ImageFont.truetype(font_path, size)
    bold_path = font_path.replace(".ttf", "-Bold.ttf")
    try:
        bold = ImageFont.truetype(bold_path, size)
    except OSError:
        bold = font
    ascent, descent = font.getmetrics()
    cw = round(font.getlength("M"))
    ch = ascent + descent + 2
    rows, cols = len(grid), len(grid[0])
    image = Image.new("RGB", (cols * cw + 16, rows * ch + 16), background)
    draw = ImageDraw.Draw(image)
    for r, line in enumerate(grid):
        for c, (char, style) in enumerate(line):
            fg = style.fg or foreground
            bg = style.bg or background
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = mix(fg, bg, 0.4)
            x, y = 8 + c * cw, 8 + r * ch
            draw.rectangle([x, y, x + cw - 1, y + ch - 1], fill=bg)
            if char in BLOCKS:
                x0, y0, x1, y1 = BLOCKS[char]
                draw.rectangle([x + x0 * cw, y + y0 * ch, x + x1 * cw - 1, y + y1 * ch - 1], fill=fg)
            elif char in LEFT_EIGHTHS:
                draw.rectangle([x, y, x + LEFT_EIGHTHS[char] * cw / 8 - 1, y + ch - 1], fill=fg)
            elif char in SHADES:
                draw.rectangle([x, y, x + cw - 1, y + ch - 1], fill=mix(bg, fg, SHADES[char]))
            elif char != " ":
                draw.text((x, y + 1), char, font=bold if style.bold else font, fill=fg)
            if style.underline:
                draw.line([x, y + ch - 2, x + cw - 1, y + ch - 2], fill=fg)
    image.save(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("capture")
    parser.add_argument("out")
    parser.add_argument("--cols", type=int, default=120)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--background", default="#1c1c1c")
    parser.add_argument("--foreground", default="#d0d0d0")
    parser.add_argument("--font", default=next((f for f in FONTS if __import__("os").path.exists(f)), None))
    parser.add_argument("--size", type=int, default=15)
    args = parser.parse_args()
    if args.font is None:
        sys.exit("no monospace font found; install fonts-dejavu-core or pass --font")
    text = open(args.capture, encoding="utf-8").read()
    grid = parse(text, args.cols, args.rows)
    render(grid, args.out, hex_colour(args.background), hex_colour(args.foreground), args.font, args.size)


if __name__ == "__main__":
    main()
