"""The fast path to training data: rendered samples written straight to shards, no video encoding.

A world shard `world-<split>-<k>.safetensors` is a shard of kind "world-samples" in the project's
one shard format (training/common/shards.py). For n samples it holds:
  image        uint8   [n, H, W, 3]
  audio        float32 [n, T]
  class_index  int64   [n]
  index        int64   [n]        the sample's index in the dataset (seed, split)
  size, pitch_hz, intensity, loudness_db  float32 [n]
  count, notes int64   [n]
and the fields "captions" and "classes" (lists) and "world" (seed, split, sample_rate, duration,
image_size).
"""
import numpy as np

from training.common import shards

from .classes import CLASSES

FLOAT_FIELDS = ("size", "pitch_hz", "intensity", "loudness_db")
INT_FIELDS = ("count", "notes")

KIND = shards.ShardKind(
    name="world-samples", file_prefix="world-",
    arrays=("image", "audio", "class_index", "index") + FLOAT_FIELDS + INT_FIELDS,
    fields=("captions", "classes", "world"),
    remedy="write it again with python3 -m training.world.render")


def shard_name(split: str, k: int) -> str:
    return f"world-{split}-{k:05d}.safetensors"


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
    """Writes one shard atomically."""
    shards.write(path, KIND, to_arrays(samples, indices),
                 {"captions": [s.caption for s in samples], "classes": list(CLASSES), "world": world_info})


def read_shard(path: str) -> dict:
    """A shard's arrays plus "captions" and "classes" (lists) and "world" (dict)."""
    arrays, fields = shards.read(path, KIND)
    arrays.update(fields)
    return arrays
