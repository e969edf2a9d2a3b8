"""training/common/atomic.py: a save that fails between writing and renaming leaves the previous
file (or bundle folder) as it was and no temporary file behind."""
import os

import pytest
import torch

from training.common import atomic


class Killed(Exception):
    pass


def die(*args):
    raise Killed()


def test_failure_before_the_rename_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = str(tmp_path / "checkpoint.pt")
    atomic.save_torch({"step": 1, "w": torch.ones(3)}, path)

    # Written and fsynced, then the process dies before os.replace.
    monkeypatch.setattr(atomic.os, "replace", die)
    with pytest.raises(Killed):
        atomic.save_torch({"step": 2, "w": torch.zeros(3)}, path)
    monkeypatch.undo()
    ck = torch.load(path, weights_only=False)
    assert ck["step"] == 1 and torch.equal(ck["w"], torch.ones(3))
    assert os.listdir(tmp_path) == ["checkpoint.pt"]


def test_failure_while_writing_keeps_the_previous_file(tmp_path):
    path = str(tmp_path / "log.json")
    atomic.save_json({"a": 1}, path)

    def half_then_die(tmp):
        with open(tmp, "w") as f:
            f.write('{"a": ')
        raise Killed()

    with pytest.raises(Killed):
        atomic.atomic_write(path, half_then_die)
    assert open(path).read() == '{\n  "a": 1\n}\n'
    assert os.listdir(tmp_path) == ["log.json"]


def test_a_killed_writer_leaves_only_a_temporary_that_remove_stale_finds(tmp_path, monkeypatch):
    """A SIGKILL runs no cleanup: what is left is a dot-file ending in .tmp, never the result."""
    path = str(tmp_path / "shard-00000.safetensors")
    monkeypatch.setattr(atomic.os, "remove", lambda p: None)  # the cleanup never runs
    monkeypatch.setattr(atomic.os, "replace", die)
    with pytest.raises(Killed):
        atomic.atomic_write(path, lambda tmp: open(tmp, "w").write("x"), prefix=".shard-")
    monkeypatch.undo()
    assert not os.path.exists(path)
    assert len(atomic.remove_stale(str(tmp_path), ".shard-")) == 1
    assert os.listdir(tmp_path) == []


def test_replace_folder_keeps_the_old_folder_when_writing_fails(tmp_path):
    out = str(tmp_path / "bundle")
    atomic.replace_folder(out, lambda d: atomic.save_text("old\n", os.path.join(d, "bundle.json")))

    def fail(d):
        atomic.save_text("new\n", os.path.join(d, "bundle.json"))
        raise Killed()

    with pytest.raises(Killed):
        atomic.replace_folder(out, fail)
    assert open(os.path.join(out, "bundle.json")).read() == "old\n"
    assert os.listdir(tmp_path) == ["bundle"]
    atomic.replace_folder(out, lambda d: atomic.save_text("new\n", os.path.join(d, "bundle.json")))
    assert open(os.path.join(out, "bundle.json")).read() == "new\n"
    assert os.listdir(tmp_path) == ["bundle"]
