"""Dataset shards: safetensors files of (CLIP embedding, normalised mel) pairs.

Each shard holds `embeddings` [n, D] (L2-normalised CLIP image embeddings of the frame at each
clip's centre) and `mels` [n, n_mels, frames], plus metadata: the source of each pair and the
audio configuration. Shards are written to a temporary file and renamed into place, so a build
that is stopped never leaves a half-written shard, and a restarted build skips finished ones.
"""
import glob
import json
import os
import tempfile

import torch
from safetensors import safe_open
from safetensors.torch import save_file


def write_shard(path: str, embeddings: torch.Tensor, mels: torch.Tensor, sources: list, audio_cfg: dict):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".shard-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        save_file({"embeddings": embeddings.float().contiguous(), "mels": mels.float().contiguous()}, tmp,
                  metadata={"sources": json.dumps(sources), "audio": json.dumps(audio_cfg)})
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def read_shard(path: str):
    with safe_open(path, framework="pt") as f:
        meta = f.metadata() or {}
        return (f.get_tensor("embeddings"), f.get_tensor("mels"), json.loads(meta.get("sources", "[]")),
                json.loads(meta.get("audio", "{}")))


def shard_paths(folder: str):
    return sorted(glob.glob(os.path.join(folder, "shard-*.safetensors")))


class ShardDataset(torch.utils.data.Dataset):
    """All pairs of every shard in a folder, held in memory (the datasets here are small)."""

    def __init__(self, folder: str):
        paths = shard_paths(folder)
        if not paths:
            raise FileNotFoundError(f"{folder}: no shard-*.safetensors files; build the dataset first")
        embs, mels = [], []
        self.audio = None
        for p in paths:
            e, m, _, audio = read_shard(p)
            if self.audio is None:
                self.audio = audio
            elif audio != self.audio:
                raise ValueError(f"{p}: audio settings differ from the other shards; rebuild the dataset")
            embs.append(e)
            mels.append(m)
        self.embeddings = torch.cat(embs)
        self.mels = torch.cat(mels)

    def __len__(self):
        return len(self.embeddings)

    def __getitem__(self, i):
        return self.embeddings[i], self.mels[i]
