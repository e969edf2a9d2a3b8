"""One shard format for every dataset training/ writes.

A shard is a safetensors file of arrays that share their first dimension (one row per sample),
with string metadata:
  "shard"          the kind of rows it holds (a `ShardKind`'s name), so a shard of one kind given
                   where another is expected, or a file from before this format, is named and
                   refused instead of misread;
  "shard_version"  this format's version;
  one JSON value per metadata field the kind declares.
Shards are written atomically (training/common/atomic.py) with a temporary name that
`remove_stale` finds after a killed writer, so a stopped build never leaves a half-written shard.
The world's rendered samples and the (CLIP embedding, mel) training pairs are two kinds of it
(training/world/shards.py, training/clipsonic/shards.py): they hold different rows, not
different formats.
"""
import glob
import json
import os
from dataclasses import dataclass

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from training.common import atomic

FORMAT_VERSION = 1
TEMP_PREFIX = ".shard-"


class ShardError(ValueError):
    """A file that is not a readable shard of the kind asked for; the message names it and says
    what to do."""


@dataclass(frozen=True)
class ShardKind:
    name: str           # written into the file's "shard" metadata
    file_prefix: str    # shard files are FILE_PREFIX*.safetensors
    arrays: tuple       # the arrays every shard of this kind holds
    fields: tuple       # the JSON metadata fields every shard of this kind holds
    remedy: str         # how to make a shard of this kind, for messages

    def paths(self, folder: str) -> list:
        return sorted(glob.glob(os.path.join(glob.escape(folder), self.file_prefix + "*.safetensors")))


def _as_numpy(a) -> np.ndarray:
    if hasattr(a, "detach"):  # a torch tensor; numpy() shares its memory
        a = a.detach().cpu().numpy()
    return np.ascontiguousarray(a)


def _disagreeing_rows(arrays: dict):
    """Each array's row count when they are not one count (a scalar has none), else None."""
    rows = {k: (v.shape[0] if v.ndim else None) for k, v in arrays.items()}
    return rows if len(set(rows.values())) != 1 or None in rows.values() else None


def write(path: str, kind: ShardKind, arrays: dict, fields: dict) -> str:
    """Writes one shard atomically; every array the kind declares, and nothing else, must be given,
    all with the same number of rows."""
    if set(arrays) != set(kind.arrays):
        raise ValueError(f"{kind.name} shard {path}: arrays {sorted(arrays)}, expected {sorted(kind.arrays)}")
    if set(fields) != set(kind.fields):
        raise ValueError(f"{kind.name} shard {path}: fields {sorted(fields)}, expected {sorted(kind.fields)}")
    tensors = {k: _as_numpy(v) for k, v in arrays.items()}
    rows = _disagreeing_rows(tensors)
    if rows:
        raise ValueError(f"{kind.name} shard {path}: arrays disagree on the number of rows {rows}")
    metadata = {"shard": kind.name, "shard_version": str(FORMAT_VERSION)}
    metadata.update({k: json.dumps(v, sort_keys=True) for k, v in fields.items()})

    return atomic.atomic_write(path, lambda tmp: save_file(tensors, tmp, metadata=metadata), prefix=TEMP_PREFIX)


def _checked_metadata(path: str, kind: ShardKind, meta: dict) -> dict:
    found = meta.get("shard")
    if found is None:
        raise ShardError(f"{path}: not a CLIPSonic shard (an older format, or another program's file); "
                         f"delete it and {kind.remedy}")
    if found != kind.name:
        raise ShardError(f"{path}: a {found} shard where a {kind.name} shard was expected; {kind.remedy}")
    if meta.get("shard_version") != str(FORMAT_VERSION):
        raise ShardError(f"{path}: shard format version {meta.get('shard_version')}, this code reads "
                         f"{FORMAT_VERSION}; delete it and {kind.remedy}")
    missing = [f for f in kind.fields if f not in meta]
    if missing:
        raise ShardError(f"{path}: {kind.name} shard without {', '.join(missing)}; delete it and {kind.remedy}")
    try:
        return {f: json.loads(meta[f]) for f in kind.fields}
    except json.JSONDecodeError as e:
        raise ShardError(f"{path}: unreadable metadata ({e}); delete it and {kind.remedy}") from e


def read_fields(path: str, kind: ShardKind) -> dict:
    """The shard's metadata fields, without reading its arrays."""
    try:
        with safe_open(path, framework="numpy") as f:
            meta = f.metadata() or {}
    except Exception as e:  # safetensors raises its own error types for a damaged file
        raise ShardError(f"{path}: not a readable shard ({e}); delete it and {kind.remedy}") from e
    return _checked_metadata(path, kind, meta)


def read(path: str, kind: ShardKind):
    """(arrays, fields): every array the kind declares, as numpy arrays, and its metadata fields."""
    try:
        with safe_open(path, framework="numpy") as f:
            fields = _checked_metadata(path, kind, f.metadata() or {})
            names = set(f.keys())
            missing = [a for a in kind.arrays if a not in names]
            if missing:
                raise ShardError(f"{path}: {kind.name} shard without {', '.join(missing)}; "
                                 f"delete it and {kind.remedy}")
            arrays = {a: f.get_tensor(a) for a in kind.arrays}
    except ShardError:
        raise
    except Exception as e:
        raise ShardError(f"{path}: not a readable shard ({e}); delete it and {kind.remedy}") from e
    rows = _disagreeing_rows(arrays)
    if rows:
        raise ShardError(f"{path}: arrays disagree on the number of rows {rows}; delete it and {kind.remedy}")
    return arrays, fields


def remove_stale(folder: str) -> list:
    """Temporary files a killed writer left behind (never renamed into place, so never a shard)."""
    return atomic.remove_stale(folder, TEMP_PREFIX)
