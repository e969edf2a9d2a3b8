"""The one shard format: both kinds written and read through training/common/shards.py, and every
file that is not a shard of the kind asked for refused with its name and what to do."""
import json

import numpy as np
import pytest
import torch
from safetensors.numpy import save_file

from training.clipsonic import shards as pairs
from training.common import shards
from training.world import shards as world_shards


def _pairs(path, n=3):
    g = torch.Generator().manual_seed(0)
    pairs.write_shard(str(path), torch.randn(n, 4, generator=g), torch.randn(n, 5, 6, generator=g),
                      [f"clip-{i}" for i in range(n)], {"sample_rate": 16000}, {"fingerprint": "abc"})


def test_pairs_round_trip_and_name_their_kind(tmp_path):
    path = tmp_path / "shard-00000.safetensors"
    _pairs(path)
    e, m, sources, audio, clip = pairs.read_shard(str(path))
    assert e.shape == (3, 4) and m.shape == (3, 5, 6) and e.dtype == torch.float32
    assert sources == ["clip-0", "clip-1", "clip-2"] and audio == {"sample_rate": 16000}
    assert clip == {"fingerprint": "abc"} and pairs.read_metadata(str(path))["sources"] == sources
    assert pairs.shard_paths(str(tmp_path)) == [str(path)]
    e[0, 0] = 1.0  # the tensors are the caller's to change


def test_a_shard_of_the_other_kind_is_refused_by_name(tmp_path):
    path = tmp_path / "shard-00000.safetensors"
    _pairs(path)
    with pytest.raises(shards.ShardError, match=r"a clip-pairs shard where a world-samples shard was expected"):
        world_shards.read_shard(str(path))


def test_a_file_from_before_the_format_is_refused_with_the_remedy(tmp_path):
    path = tmp_path / "shard-00000.safetensors"
    save_file({"embeddings": np.zeros((2, 4), np.float32), "mels": np.zeros((2, 5, 6), np.float32)}, str(path),
              metadata={"sources": json.dumps(["a", "b"]), "audio": "{}", "clip": "{}"})
    with pytest.raises(shards.ShardError, match=r"not a CLIPSonic shard.*build the pairs again"):
        pairs.read_shard(str(path))
    with pytest.raises(shards.ShardError, match=r"not a CLIPSonic shard"):
        pairs.read_metadata(str(path))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "newer", "missing-array", "bad-json", "rows"])
def test_damaged_shards_are_refused(tmp_path, damage):
    path = tmp_path / "shard-00000.safetensors"
    _pairs(path)
    meta = {"shard": "clip-pairs", "shard_version": "1", "sources": '["a", "b"]', "audio": "{}", "clip": "{}"}
    arrays = {"embeddings": np.zeros((2, 4), np.float32), "mels": np.zeros((2, 5, 6), np.float32)}
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:-7])
    elif damage == "garbage":
        path.write_bytes(b"\x00" * 64)
    elif damage == "newer":
        save_file(arrays, str(path), metadata={**meta, "shard_version": "2"})
    elif damage == "missing-array":
        save_file({"embeddings": arrays["embeddings"]}, str(path), metadata=meta)
    elif damage == "bad-json":
        save_file(arrays, str(path), metadata={**meta, "sources": "[1,"})
    elif damage == "rows":
        save_file({**arrays, "mels": np.zeros((3, 5, 6), np.float32)}, str(path), metadata=meta)
    with pytest.raises(shards.ShardError, match=str(path)):
        pairs.read_shard(str(path))


def test_writing_checks_the_kind_and_the_rows(tmp_path):
    with pytest.raises(ValueError, match="arrays"):
        shards.write(str(tmp_path / "x.safetensors"), pairs.KIND, {"embeddings": np.zeros((2, 4))},
                     {"sources": [], "audio": {}, "clip": {}})
    with pytest.raises(ValueError, match="rows"):
        shards.write(str(tmp_path / "x.safetensors"), pairs.KIND,
                     {"embeddings": np.zeros((2, 4)), "mels": np.zeros((3, 5, 6))}, {"sources": [], "audio": {}, "clip": {}})
    with pytest.raises(ValueError, match="sources"):
        pairs.write_shard(str(tmp_path / "x.safetensors"), torch.zeros(2, 4), torch.zeros(2, 5, 6), ["one"], {})
    assert not list(tmp_path.iterdir())


def test_a_killed_writer_leaves_a_temporary_that_remove_stale_finds(tmp_path, monkeypatch):
    """A SIGKILL runs no cleanup and no rename: only the shard format's temporary is left."""
    from training.common import atomic

    def killed(*_):
        raise KeyboardInterrupt
    monkeypatch.setattr(atomic.os, "remove", lambda p: None)
    monkeypatch.setattr(atomic.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        _pairs(tmp_path / "shard-00000.safetensors")
    monkeypatch.undo()
    assert pairs.shard_paths(str(tmp_path)) == [] and len(list(tmp_path.iterdir())) == 1
    assert len(pairs.remove_stale_temporaries(str(tmp_path))) == 1 and not list(tmp_path.iterdir())
