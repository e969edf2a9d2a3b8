"""Training pairs: (CLIP image embedding, normalised mel) shards, the U-Net's and the audio
encoder's input.

A pair shard `shard-<k>.safetensors` is a shard of kind "clip-pairs" in the project's one shard
format (training/common/shards.py): `embeddings` [n, D] (L2-normalised CLIP image embeddings of
the frame at each clip's centre) and `mels` [n, n_mels, frames], with the fields "sources" (where
each pair came from), "audio" (the audio configuration) and "clip" (which CLIP embedded them).
Written atomically, so a build that is stopped never leaves a half-written shard, and a restarted
build skips finished ones.
"""
import torch

from training.common import shards

KIND = shards.ShardKind(
    name="clip-pairs", file_prefix="shard-", arrays=("embeddings", "mels"), fields=("sources", "audio", "clip"),
    remedy="build the pairs again (python3 -m training.clipsonic.build_dataset, or training.mini.embed)")


def write_shard(path: str, embeddings: torch.Tensor, mels: torch.Tensor, sources: list, audio_cfg: dict,
                clip_info: dict = None):
    """embeddings: [n, D], mels: [n, n_mels, frames]; the file appears whole or not at all."""
    if len(sources) != len(embeddings):
        raise ValueError(f"{path}: {len(sources)} sources for {len(embeddings)} pairs")
    shards.write(path, KIND, {"embeddings": embeddings.float(), "mels": mels.float()},
                 {"sources": sources, "audio": audio_cfg, "clip": clip_info or {}})


def remove_stale_temporaries(folder: str) -> list:
    """Temporary files a killed build left behind (never renamed into place, so never a shard)."""
    return shards.remove_stale(folder)


def read_metadata(path: str) -> dict:
    return shards.read_fields(path, KIND)


def read_shard(path: str):
    """(embeddings [n, D], mels [n, n_mels, frames], sources, audio config, CLIP info)."""
    arrays, fields = shards.read(path, KIND)
    embeddings, mels = torch.from_numpy(arrays["embeddings"]), torch.from_numpy(arrays["mels"])
    if embeddings.ndim != 2 or mels.ndim != 3:
        raise shards.ShardError(f"{path}: embeddings {tuple(embeddings.shape)} and mels {tuple(mels.shape)}, "
                                f"expected [n, D] and [n, mels, frames]; {KIND.remedy}")
    if len(fields["sources"]) != len(embeddings):
        raise shards.ShardError(f"{path}: {len(fields['sources'])} sources for {len(embeddings)} pairs; {KIND.remedy}")
    return embeddings, mels, fields["sources"], fields["audio"], fields["clip"]


def shard_paths(folder: str):
    return KIND.paths(folder)


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
