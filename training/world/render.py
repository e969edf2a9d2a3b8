"""Renders N samples of the world to disk.

    python3 -m training.world.render --out DIR --count N [--split train] [--seed S] [--duration 4.096]
                                     [--videos] [--shard-size 500] [--workers K]

Without --videos: shards DIR/world-<split>-<k>.safetensors (see shards.py) and DIR/index-<split>.csv
(the fast path for training). With --videos: DIR/videos/<split>-<index>.mp4 (picture + soundtrack)
and DIR/videos-<split>.csv with a `path` column, the input of training.clipsonic.build_dataset.
Sample i of (seed, split) is the same whatever --count, --workers or --start: rendering more
later extends a dataset rather than replacing it.
"""
import argparse
import csv
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from training.common import atomic

from .config import DEFAULT_DURATION, IMAGE_SIZE, SAMPLE_RATE, SPLITS
from .parallel import render_range
from .shards import FLOAT_FIELDS, INT_FIELDS, shard_name, write_shard
from .videos import CSV_FIELDS, VideoWriteError, csv_row, encode_video


def _world_info(a) -> dict:
    return {"seed": a.seed, "split": a.split, "sample_rate": a.sample_rate, "duration": a.duration,
            "image_size": a.image_size, "generator": "training.world"}


def write_shards(a, log=print) -> int:
    index_rows = []
    written = 0
    batch, indices = [], []
    shard = a.start // a.shard_size
    stream = render_range(a.seed, a.split, a.start, a.count, a.workers, duration=a.duration,
                          sample_rate=a.sample_rate, image_size=a.image_size)
    for i, s in enumerate(stream, start=a.start):
        batch.append(s)
        indices.append(i)
        if len(batch) == a.shard_size or i == a.start + a.count - 1:
            name = shard_name(a.split, shard)
            write_shard(os.path.join(a.out, name), batch, indices, _world_info(a))
            for row, (j, x) in enumerate(zip(indices, batch)):
                r = {"shard": name, "row": row, "index": j, "class": x.class_name, "caption": x.caption}
                r.update({f: getattr(x.params, f) for f in FLOAT_FIELDS + INT_FIELDS})
                index_rows.append(r)
            written += len(batch)
            log(f"{name}: {len(batch)} samples")
            batch, indices = [], []
            shard += 1
    write_csv(os.path.join(a.out, f"index-{a.split}.csv"), list(index_rows[0].keys()), index_rows)
    return written


def write_csv(path: str, fields: list, rows: list):
    def write(tmp):
        with open(tmp, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)

    atomic.atomic_write(path, write)


def write_videos(a, log=print) -> int:
    folder = os.path.join(a.out, "videos")
    os.makedirs(folder, exist_ok=True)
    ext = ".mkv" if a.container == "mkv" else ".mp4"
    rows = []

    def encode(item):
        i, s = item
        rel = os.path.join("videos", f"{a.split}-{i:06d}{ext}")
        encode_video(os.path.join(a.out, rel), s.image, s.audio, s.sample_rate, scale=a.video_scale)
        return csv_row(s, i, rel)

    stream = render_range(a.seed, a.split, a.start, a.count, a.workers, duration=a.duration,
                          sample_rate=a.sample_rate, image_size=a.image_size)
    # ffmpeg runs as its own process: a few threads keep the cores busy while samples render.
    with ThreadPoolExecutor(max_workers=max(1, a.workers or os.cpu_count() or 1)) as pool:
        for k, row in enumerate(pool.map(encode, enumerate(stream, start=a.start)), start=1):
            rows.append(row)
            if k % 100 == 0 or k == a.count:
                log(f"videos: {k}/{a.count}")
    write_csv(os.path.join(a.out, f"videos-{a.split}.csv"), CSV_FIELDS, rows)
    return len(rows)


def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--count", type=int, required=True, help="number of samples")
    ap.add_argument("--split", default="train", choices=SPLITS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="index of the first sample (to extend a dataset)")
    ap.add_argument("--duration", type=float, default=DEFAULT_DURATION,
                    help="clip seconds; keep it a multiple of 0.016 (hop 256 at 16 kHz): 4.096 = 256 frames")
    ap.add_argument("--sample-rate", type=int, default=SAMPLE_RATE)
    ap.add_argument("--image-size", type=int, default=IMAGE_SIZE)
    ap.add_argument("--videos", action="store_true", help="write videos + CSV instead of shards")
    ap.add_argument("--container", choices=("mp4", "mkv"), default="mp4",
                    help="videos: mp4 (H.264 + AAC) or mkv (H.264 + PCM, lossless sound)")
    ap.add_argument("--video-scale", type=int, default=4, help="videos: picture enlargement factor")
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    a = ap.parse_args(argv)
    if a.count < 1:
        ap.error("--count must be at least 1")
    if a.start < 0:
        ap.error("--start must be >= 0")
    if a.duration < 0.5:
        ap.error("--duration must be at least 0.5 s (room for one note or event)")
    if a.shard_size < 1:
        ap.error("--shard-size must be at least 1")
    if a.image_size < 16:
        ap.error("--image-size must be at least 16")
    return a


def main(argv=None):
    a = parse(argv)
    os.makedirs(a.out, exist_ok=True)
    t = time.time()
    try:
        n = write_videos(a) if a.videos else write_shards(a)
    except VideoWriteError as e:
        sys.exit(str(e))
    atomic.save_text(json.dumps({**_world_info(a), "count": a.count, "start": a.start}, indent=2),
                     os.path.join(a.out, f"world-{a.split}.json"))
    print(f"done: {n} samples ({a.split}, seed {a.seed}) in {a.out}, {time.time() - t:.1f} s")


if __name__ == "__main__":
    main()
