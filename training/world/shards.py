"""The fast path to training data: samples written straight to safetensors (or .npz) shards, no
video encoding.

A shard `world-<split>-<k>.safetensors` holds, for n samples:
  image        uint8   [n, H, W, 3]
  audio        float32 [n, T]
  class_index  int64   [n]
  index        int64   [n]        the sample's index in the dataset (seed, split)
  size, pitch_hz, intensity, loudness_db  float32 [n]
  count, notes int64   [n]
and string metadata: "captions" and "classes" (JSON lists), "world" (JSON: seed, split,
sample_rate, duration, image_size). A .npz shard has the same arrays plus "captions" and
"classes" as string arrays. Shards are written atomically (training/common/atomic.py).
"""
import json

import numpy as np

from training.common import atomic

from .classes import CLASSES

FLOAT_FIELDS = ("size", "pitch_hz", "intensity", "loudness_db")
INT_FIELDS = ("count", "notes")


def shard_name(split: str, k: int, fmt: str) -> str:
    return f"world-{split}-{k:05d}.{'safetensors' if fmt == 'safetensors' else 'npz'}"


def to_arrays(samples: list, indices: list) -> dict:
    """Stacks samples into the shard's arrays (captions stay a list)."""
    arrays = {
        "image": np.stack([s.image for s in samples]),
        "audio": np.stack([s.audio for s in samples]).astype(np.float32),
        "class_index": np.array([s.class_index for s in samples], dtype=np.int64),
        "index": np.array(indices, dtype=np.int64),
    }
    for f in FLOAT_FIELDS:
        arrays[f] = np.array([getattr(s.params, f) for s in samples], dtype=np.float32)
    for f in INT_FIELDS:
        arrays[f] = np.array([getattr(s.params, f) for s in samples], dtype=np.int64)
    return arrays


def write_shard(path: str, samples: list, indices: list, world_info: dict):
    """Writes one shard atomically; the format follows the file name (.safetensors or .npz)."""
    arrays = to_arrays(samples, indices)
    captions = [s.caption for s in samples]

    def write(tmp):
        if path.endswith(".safetensors"):
            from safetensors.numpy import save_file

            save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, tmp,
                      metadata={"captions": json.dumps(captions), "classes": json.dumps(CLASSES),
                                "world": json.dumps(world_info)})
        else:
            with open(tmp, "wb") as f:  # a file object: np.savez would add ".npz" to a name
                np.savez(f, captions=np.array(captions), classes=np.array(CLASSES),
                         world=np.array(json.dumps(world_info)), **arrays)

    atomic.atomic_write(path, write, prefix=".world-")


def read_shard(path: str) -> dict:
    """A shard's arrays plus "captions" and "classes" (lists) and "world" (dict)."""
    if path.endswith(".safetensors"):
        from safetensors import safe_open
        from safetensors.numpy import load_file

        out = dict(load_file(path))
        with safe_open(path, framework="numpy") as f:
            meta = f.metadata() or {}
        missing = [k for k in ("captions", "classes", "world") if k not in meta]
        if missing:
            raise ValueError(f"{path}: not a world shard (metadata lacks {', '.join(missing)}); "
                             "write it with python3 -m training.world.render")
        out["captions"] = json.loads(meta["captions"])
        out["classes"] = json.loads(meta["classes"])
        out["world"] = json.loads(meta["world"])
        return out
    with np.load(path) as z:
        out = {k: z[k] for k in z.files}
    out["captions"] = [str(c) for c in out["captions"]]
    out["classes"] = [str(c) for c in out["classes"]]
    out["world"] = json.loads(str(out["world"]))
    return out
