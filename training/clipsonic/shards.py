"""Dataset shards: safetensors files of (CLIP embedding, normalised mel) pairs.

Each shard holds `embeddings` [n, D] (L2-normalised CLIP image embeddings of the frame at each
clip's centre) and `mels` [n, n_mels, frames], plus metadata: the source of each pair and the
audio configuration. Shards are written atomically (training/common/atomic.py), so a build that is
stopped never leaves a half-written shard, and a restarted build skips finished ones.
"""
import glob
import json
import os

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from training.common import atomic


TEMP_PREFIX = ".shard-"


def write_shard(path: str, embeddings: torch.Tensor, mels: torch.Tensor, sources: list, audio_cfg: dict,
                clip_info: dict = None):
    """embeddings: [n, D], mels: [n, n_mels, frames]; the file appears whole or not at all."""
    tensors = {"embeddings": embeddings.float().contiguous(), "mels": mels.float().contiguous()}
    metadata = {"sources": json.dumps(sources), "audio": json.dumps(audio_cfg, sort_keys=True),
                "clip": json.dumps(clip_info or {}, sort_keys=True)}
    atomic.atomic_write(path, lambda tmp: save_file(tensors, tmp, metadata=metadata), prefix=TEMP_PREFIX)


def remove_stale_temporaries(folder: str) -> list:
    """Temporary files a killed build left behind (never renamed into place, so never a shard)."""
    return atomic.remove_stale(folder, TEMP_PREFIX)


def read_metadata(path: str) -> dict:
    with safe_open(path, framework="pt") as f:
        meta = f.metadata() or {}
    return {"sources": json.loads(meta.get("sources", "[]")), "audio": json.loads(meta.get("audio", "{}")),
            "clip": json.loads(meta.get("clip", "{}"))}


def read_shard(path: str):
    """(embeddings [n, D], mels [n, n_mels, frames], sources, audio config, CLIP info)."""
    try:
        with safe_open(path, framework="pt") as f:
            meta = f.metadata() or {}
            return (f.get_tensor("embeddings"), f.get_tensor("mels"), json.loads(meta.get("sources", "[]")),
                    json.loads(meta.get("audio", "{}")), json.loads(meta.get("clip", "{}")))
    except Exception as e:  # safetensors raises its own error types for a damaged file
        raise ValueError(f"{path}: not a readable shard ({e}); delete it and run the build again") from e


def shard_paths(folder: str):
    return sorted(glob.glob(os.path.join(folder, "shard-*.safetensors")))


class ShardDataset(torch.utils.data.Dataset):
    """All pairs of every shard in a folder, held in memory (the datasets here are small)."""

    def __init__(self, folder: str, paths: list = None):
        paths = paths if paths is not None else shard_paths(folder)
        if not paths:
            raise FileNotFoundError(f"{folder}: no shard-*.safetensors files; build the dataset first")
        embs, mels = [], []
        self.audio = self.clip = None
        self.sources = []
        for p in paths:
            e, m, sources, audio, clip = read_shard(p)
            if self.audio is None:
                self.audio, self.clip = audio, clip
            elif audio != self.audio:
                raise ValueError(f"{p}: audio settings differ from the other shards; rebuild the dataset")
            elif clip != self.clip:
                raise ValueError(f"{p}: made with another CLIP ({clip}) than the other shards ({self.clip})")
            embs.append(e)
            mels.append(m)
            self.sources += sources
        self.embeddings = torch.cat(embs)
        self.mels = torch.cat(mels)

    def __len__(self):
        return len(self.embeddings)

    def __getitem__(self, i):
        return self.embeddings[i], self.mels[i]
