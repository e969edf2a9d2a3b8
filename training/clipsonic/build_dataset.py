"""Builds (frame embedding, mel) training pairs from unlabeled videos.

    python3 -m training.clipsonic.build_dataset --videos DIR_OR_CSV --clip CLIP_DIR --out DATA_DIR

For each video: mono audio at the bundle's sample rate, cut into clips of `frames * hop`
samples (one clip per `--stride` seconds); each clip is paired with the frame at its centre,
encoded by the frozen CLIP image tower, and its normalised log-mel. Videos with no audio, no
picture, too short, or unreadable are skipped with a message. Videos are processed in sorted
order, `--videos-per-shard` at a time; a shard that exists is skipped, so a stopped build resumes.
"""
import argparse
import csv
import glob
import json
import os
import sys

import numpy as np
import torch

from .audio import AudioConfig, fit_length, log_mel, normalise
from .shards import read_metadata, remove_stale_temporaries, shard_paths, write_shard
from .video import VideoError, probe, read_audio, read_frame

VIDEO_EXTENSIONS = (".mp4", ".mkv", ".webm", ".mov", ".avi")


def list_videos(source: str) -> list:
    if os.path.isdir(source):
        return sorted(p for p in glob.glob(os.path.join(source, "**", "*"), recursive=True)
                      if p.lower().endswith(VIDEO_EXTENSIONS))
    if source.lower().endswith(".csv"):
        base = os.path.dirname(os.path.abspath(source))
        with open(source, newline="") as f:
            rows = list(csv.DictReader(f))
        if rows and "path" not in rows[0]:
            raise SystemExit(f"{source}: the CSV needs a 'path' column")
        return [r["path"] if os.path.isabs(r["path"]) else os.path.join(base, r["path"]) for r in rows]
    raise SystemExit(f"{source}: give a folder of videos or a CSV file with a 'path' column")


def clips_of_video(path: str, cfg: AudioConfig, stride: float, log=print):
    """Yields (source, PIL frame, audio clip) for one video, or nothing (with a message) if unusable."""
    clip_seconds = cfg.samples / cfg.sample_rate
    try:
        info = probe(path)
        if not info["has_audio"]:
            log(f"skip {path}: no audio stream")
            return
        if not info["has_video"]:
            log(f"skip {path}: no picture")
            return
        audio = read_audio(path, cfg.sample_rate)
        if len(audio) < cfg.samples:
            log(f"skip {path}: {len(audio) / cfg.sample_rate:.2f} s is shorter than one clip ({clip_seconds:.2f} s)")
            return
    except VideoError as e:  # its message names the file
        log(f"skip: {e}")
        return
    last_frame = max(info["video_duration"] - 0.05, 0.0)
    k = 0
    while int(round(k * stride * cfg.sample_rate)) + cfg.samples <= len(audio):
        start = k * stride
        s = int(round(start * cfg.sample_rate))
        k += 1
        centre = start + clip_seconds / 2
        try:
            frame = read_frame(path, min(centre, last_frame))
        except VideoError as e:
            log(f"skip the clip at {start:.2f} s: {e}")
        else:
            yield (f"{os.path.basename(path)}@{start:.2f}", frame, audio[s:s + cfg.samples])


def encode_pairs(items, encoder, cfg: AudioConfig, batch: int = 32):
    """items: list of (source, PIL image, audio) -> (embeddings [n, D], mels [n, M, F], sources)."""
    embs, mels, sources = [], [], []
    for i in range(0, len(items), batch):
        chunk = items[i:i + batch]
        embs.append(encoder.encode([c[1] for c in chunk]))
        audio = torch.from_numpy(np.stack([fit_length(c[2], cfg.samples) for c in chunk]).astype(np.float32))
        mels.append(normalise(log_mel(audio, cfg), cfg))
        sources += [c[0] for c in chunk]
    return torch.cat(embs), torch.cat(mels), sources


def check_existing(out: str, cfg: AudioConfig, clip_info: dict):
    """A resumed build must add pairs of the same kind as the shards already there."""
    audio = json.loads(json.dumps(cfg.to_json(), sort_keys=True))
    for path in shard_paths(out):
        meta = read_metadata(path)
        if meta["audio"] != audio:
            raise SystemExit(f"{path}: made with audio settings {meta['audio']}, this build uses {audio}; "
                             "use another --out or the same settings")
        if meta["clip"] and meta["clip"].get("fingerprint") != clip_info.get("fingerprint"):
            raise SystemExit(f"{path}: made with another CLIP ({meta['clip']}); use another --out or the same --clip")


def build(videos: list, encoder, cfg: AudioConfig, out: str, stride: float, videos_per_shard: int, log=print):
    """Writes shard-NNNNN.safetensors for each group of `videos_per_shard` videos; returns new pairs."""
    os.makedirs(out, exist_ok=True)
    for stale in remove_stale_temporaries(out):
        log(f"{stale}: removed (left by a build that was stopped while writing)")
    clip_info = getattr(encoder, "info", {})
    check_existing(out, cfg, clip_info)
    written = 0
    for shard_index, i in enumerate(range(0, len(videos), videos_per_shard)):
        path = os.path.join(out, f"shard-{shard_index:05d}.safetensors")
        if os.path.exists(path):
            log(f"{path}: exists, skipped")
            continue
        items = [c for v in videos[i:i + videos_per_shard] for c in clips_of_video(v, cfg, stride, log)]
        if not items:
            log(f"{path}: no usable clips in this group of videos")
            continue
        e, m, s = encode_pairs(items, encoder, cfg)
        write_shard(path, e, m, s, cfg.to_json(), clip_info)
        written += len(s)
        log(f"{path}: {len(s)} pairs")
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--videos", required=True, help="folder of videos or CSV with a 'path' column")
    ap.add_argument("--clip", required=True, help="Hugging Face CLIP checkpoint folder (frozen image encoder)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sample-rate", type=int, default=16000)
    ap.add_argument("--frames", type=int, default=256, help="mel frames per clip (clip = frames * hop samples)")
    ap.add_argument("--n-mels", type=int, default=80)
    ap.add_argument("--hop", type=int, default=256)
    ap.add_argument("--n-fft", type=int, default=1024)
    ap.add_argument("--fmax", type=float, default=None, help="default: half the sample rate")
    ap.add_argument("--stride", type=float, default=None, help="seconds between clip starts (default: clip length)")
    ap.add_argument("--videos-per-shard", type=int, default=64)
    a = ap.parse_args(argv)
    cfg = AudioConfig(sample_rate=a.sample_rate, n_fft=a.n_fft, hop=a.hop, win=a.n_fft, n_mels=a.n_mels,
                      fmax=a.fmax or a.sample_rate / 2, frames=a.frames)
    from .clip_encoder import FrozenClipImageEncoder

    encoder = FrozenClipImageEncoder(a.clip)
    videos = list_videos(a.videos)
    if not videos:
        sys.exit(f"{a.videos}: no videos found")
    stride = a.stride or cfg.samples / cfg.sample_rate
    n = build(videos, encoder, cfg, a.out, stride, a.videos_per_shard)
    print(f"done: {n} new pairs in {a.out}")


if __name__ == "__main__":
    main()
