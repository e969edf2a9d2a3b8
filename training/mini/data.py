"""Renders the world into one cached dataset file per split: pictures, captions, classes,
hidden properties and normalised log-mels (the audio itself is not kept).

    python3 -m training.mini.data --out work/mini --train 12000 --val 1400 --test 1400
"""
import argparse
import os
from multiprocessing import Pool

import numpy as np
import torch

from training import world
from training.clipsonic.audio import AudioConfig, log_mel, normalise
from training.common import atomic

# models/mini's audio: 16 kHz, 2.048 s = 128 frames of hop 256, 80 Slaney mels up to 8 kHz.
AUDIO = AudioConfig(sample_rate=16000, n_fft=1024, hop=256, win=1024, n_mels=80, fmin=0.0, fmax=8000.0,
                    frames=128, norm_shift=-7.5, norm_scale=4.0)
DURATION = AUDIO.samples / AUDIO.sample_rate
SEED = 2026


def _render(args):
    split, start, count = args
    torch.set_num_threads(1)
    images, audio, captions, classes, props = [], [], [], [], []
    for s in world.samples(SEED, count, split, start=start, duration=DURATION):
        images.append(s.image)
        audio.append(s.audio[:AUDIO.samples])
        captions.append(s.caption)
        classes.append(s.class_index)
        props.append([s.size, s.pitch_hz, s.count, s.intensity])
    mel = normalise(log_mel(torch.from_numpy(np.stack(audio)), AUDIO), AUDIO).half()
    return np.stack(images), mel, captions, classes, props


def render_split(split: str, count: int, workers: int = 2, chunk: int = 200) -> dict:
    jobs = [(split, i, min(chunk, count - i)) for i in range(0, count, chunk)]
    with Pool(workers) as pool:
        parts = pool.map(_render, jobs)
    return {
        "images": torch.from_numpy(np.concatenate([p[0] for p in parts])),
        "mels": torch.cat([p[1] for p in parts]),
        "captions": [c for p in parts for c in p[2]],
        "classes": torch.tensor([c for p in parts for c in p[3]]),
        "properties": torch.tensor([q for p in parts for q in p[4]], dtype=torch.float32),
        "audio": AUDIO.to_json(),
        "class_names": list(world.CLASSES),
    }


def path(folder: str, split: str) -> str:
    return os.path.join(folder, f"world-{split}.pt")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=12000)
    ap.add_argument("--val", type=int, default=1400)
    ap.add_argument("--test", type=int, default=1400)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    for split, n in (("train", a.train), ("val", a.val), ("test", a.test)):
        p = path(a.out, split)
        if os.path.exists(p):
            print(f"{p}: exists, kept")
            continue
        d = render_split(split, n, a.workers)
        atomic.save_torch(d, p)
        print(f"{p}: {n} samples")


if __name__ == "__main__":
    main()
