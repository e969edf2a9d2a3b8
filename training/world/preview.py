"""A look at the world: for each class, a row of example pictures, a row of their mel
spectrograms with the audible property, and one WAV of the examples played in turn.

    python3 -m training.world.preview --out preview.png [--per-class 4] [--seed 0] [--split train]

Writes preview.png (pictures, 3x enlarged, class names and captions), preview-mel.png
(spectrograms, low frequencies at the bottom, labelled with the property the picture encodes) and
preview-wav/<class>.wav next to it.
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageDraw

from .classes import CLASSES, SPECS
from .plots import mel_image, tile
from .sample import dataset_class, dataset_sample
from .videos import write_wav


def _label(img: np.ndarray, lines, height: int = 11) -> np.ndarray:
    """The image with a white strip of text lines underneath."""
    h, w, _ = img.shape
    out = Image.new("RGB", (w, h + height * len(lines)), (255, 255, 255))
    out.paste(Image.fromarray(img), (0, 0))
    d = ImageDraw.Draw(out)
    for k, line in enumerate(lines):
        d.text((1, h + k * height), line, fill=(0, 0, 0))
    return np.asarray(out)


def _property_text(s) -> str:
    spec = SPECS[s.class_name]
    if spec.audible == "pitch":
        return f"size {s.size:.2f} -> {s.pitch_hz:.0f} Hz"
    if spec.audible == "count":
        return f"count {s.count}, {s.pitch_hz:.0f} Hz"
    return f"intensity {s.intensity:.2f}"


def _wrap(text: str, width: int):
    words, lines, cur = text.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return (lines + [cur])[:2] + [""] * max(0, 2 - len(lines + [cur]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="preview.png")
    ap.add_argument("--per-class", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", default="train", choices=("train", "val", "test"))
    ap.add_argument("--duration", type=float, default=4.096)
    a = ap.parse_args(argv)
    if a.per_class < 1:
        ap.error("--per-class must be at least 1")
    stem = os.path.splitext(a.out)[0]
    wav_dir = stem + "-wav"
    os.makedirs(wav_dir, exist_ok=True)
    pictures, mels = [], []
    for name in CLASSES:
        got, index = [], 0
        while len(got) < a.per_class:  # the class's first samples in the balanced dataset
            if dataset_class(a.seed, a.split, index) == name:
                got.append(dataset_sample(a.seed, a.split, index, duration=a.duration))
            index += 1
        for s in got:
            big = np.asarray(Image.fromarray(s.image).resize((192, 192), Image.NEAREST))
            pictures.append(_label(big, [name] + _wrap(s.caption, 30)))
            mel = np.asarray(Image.fromarray(mel_image(s.audio, s.sample_rate)).resize((256, 160), Image.NEAREST))
            mels.append(_label(mel, [f"{name}: {_property_text(s)}"]))
        gap = np.zeros(int(0.3 * got[0].sample_rate), dtype=np.float32)
        write_wav(os.path.join(wav_dir, f"{name}.wav"), np.concatenate([x for s in got for x in (s.audio, gap)]),
                  got[0].sample_rate)
    cols = a.per_class * 2 if a.per_class <= 4 else a.per_class
    Image.fromarray(tile(pictures, cols)).save(a.out)
    Image.fromarray(tile(mels, a.per_class * 2 if a.per_class <= 3 else a.per_class)).save(stem + "-mel.png")
    print(f"wrote {a.out}, {stem}-mel.png and {len(CLASSES)} WAVs in {wav_dir}/")


if __name__ == "__main__":
    main()
