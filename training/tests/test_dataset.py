"""The dataset builder: unusable videos are skipped with a message; a stopped build never leaves a
half-written shard and resumes to the same dataset."""
import csv
import glob
import os
import signal
import subprocess
import sys

import pytest
import torch

from conftest import AUDIO_ARGS, ROOT, subprocess_env
from training.clipsonic import build_dataset, shards
from training.common import shards as shard_format
from training.clipsonic.audio import AudioConfig
from training.clipsonic.clip_encoder import FrozenClipImageEncoder

CFG = AudioConfig(sample_rate=16000, n_fft=512, hop=128, win=512, n_mels=16, fmax=8000, frames=64)


def shard_files(folder):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(folder, "shard-*.safetensors")))


def test_dataset_pairs_frames_and_mels(dataset, clip_dir):
    ds = shards.ShardDataset(dataset)
    # 4 videos x 3 s of sound, 0.512 s clips one clip length apart: 5 clips each.
    assert len(ds) == 20
    assert list(ds.mels.shape) == [20, 16, 64]
    assert list(ds.embeddings.shape) == [20, 32]
    assert torch.allclose(ds.embeddings.norm(dim=-1), torch.ones(20), atol=1e-5)
    assert ds.clip["fingerprint"] == FrozenClipImageEncoder(clip_dir).info["fingerprint"]
    assert AudioConfig.from_json(ds.audio) == CFG
    assert ds.sources[0] == "video000.mp4@0.00" and ds.sources[1] == "video000.mp4@0.51"
    # Different pictures give different embeddings (the frame at each clip's centre is used).
    assert (ds.embeddings[0] - ds.embeddings[2]).abs().max() > 1e-3


def test_unusable_videos_are_skipped_with_a_message(broken_videos, videos, clip_dir, tmp_path):
    messages = []
    encoder = FrozenClipImageEncoder(clip_dir)
    good = sorted(glob.glob(os.path.join(videos, "*.mp4")))[:1]
    listed = [broken_videos["silent"], broken_videos["corrupt"], broken_videos["short"]] + good
    n = build_dataset.build(listed, encoder, CFG, str(tmp_path), stride=0.512, videos_per_shard=10,
                            log=messages.append)
    text = "\n".join(messages)
    assert n == 5, text
    assert f"skip {broken_videos['silent']}: no audio stream" in text
    assert f"skip: {broken_videos['corrupt']}: ffprobe cannot read it" in text
    assert f"skip {broken_videos['short']}:" in text and "shorter than one clip" in text


def test_csv_list_of_videos(videos, tmp_path):
    listing = tmp_path / "list.csv"
    with open(listing, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "note"])
        w.writerow([os.path.relpath(os.path.join(videos, "video001.mp4"), tmp_path), "relative"])
        w.writerow([os.path.join(videos, "video000.mp4"), "absolute"])
    found = [os.path.normpath(p) for p in build_dataset.list_videos(str(listing))]
    assert found == [os.path.join(videos, "video001.mp4"), os.path.join(videos, "video000.mp4")]


def test_exception_inside_write_leaves_no_shard_and_resume_completes(videos, clip_dir, dataset, tmp_path, monkeypatch):
    encoder = FrozenClipImageEncoder(clip_dir)
    listed = build_dataset.list_videos(videos)
    real_save = shard_format.save_file
    calls = []

    def failing_save(tensors, path, metadata=None):
        calls.append(path)
        if len(calls) == 2:  # the second shard: write half a file, then fail
            with open(path, "wb") as f:
                f.write(b"\x00" * 100)
            raise OSError("disk full (simulated)")
        return real_save(tensors, path, metadata=metadata)

    monkeypatch.setattr(shard_format, "save_file", failing_save)
    with pytest.raises(OSError, match="simulated"):
        build_dataset.build(listed, encoder, CFG, str(tmp_path), 0.512, 2, log=lambda m: None)
    assert shard_files(tmp_path) == ["shard-00000.safetensors"]
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")], "a temporary file was left behind"

    monkeypatch.setattr(shard_format, "save_file", real_save)
    log = []
    build_dataset.build(listed, encoder, CFG, str(tmp_path), 0.512, 2, log=log.append)
    assert any("shard-00000.safetensors: exists, skipped" in m for m in log)
    assert shard_files(tmp_path) == shard_files(dataset)
    resumed, clean = shards.ShardDataset(str(tmp_path)), shards.ShardDataset(dataset)
    assert resumed.sources == clean.sources
    assert torch.equal(resumed.mels, clean.mels) and torch.allclose(resumed.embeddings, clean.embeddings)


KILLED_BUILD = r"""
import os, signal, sys
from training.clipsonic import build_dataset, shards
from training.common import shards as shard_format
real = shard_format.save_file
def save_then_die(tensors, path, metadata=None):
    if os.path.basename(os.path.dirname(path)) and any(n.startswith("shard-") for n in os.listdir(os.path.dirname(path))):
        with open(path, "wb") as f:  # part of the second shard's bytes, then the process is killed
            f.write(b"\x00" * 64)
            f.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return real(tensors, path, metadata=metadata)
shard_format.save_file = save_then_die
build_dataset.main(sys.argv[1:])
"""


def test_killed_build_leaves_no_partial_shard_and_resumes(videos, clip_dir, dataset, tmp_path):
    out = tmp_path / "data"
    args = ["--videos", videos, "--clip", clip_dir, "--out", str(out), "--videos-per-shard", "2", *AUDIO_ARGS]
    r = subprocess.run([sys.executable, "-c", KILLED_BUILD, *args], cwd=ROOT, env=subprocess_env(),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert shard_files(out) == ["shard-00000.safetensors"]
    leftovers = [p for p in os.listdir(out) if p.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".shard-")

    r = subprocess.run([sys.executable, "-m", "training.clipsonic.build_dataset", *args], cwd=ROOT,
                       env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "removed (left by a build that was stopped while writing)" in r.stdout
    assert "shard-00000.safetensors: exists, skipped" in r.stdout
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]
    assert shard_files(out) == shard_files(dataset)
    assert shards.ShardDataset(str(out)).sources == shards.ShardDataset(dataset).sources


def test_resume_refuses_other_audio_settings(dataset, videos, clip_dir):
    with pytest.raises(SystemExit, match="audio settings"):
        build_dataset.main(["--videos", videos, "--clip", clip_dir, "--out", dataset, "--n-mels", "20",
                            "--n-fft", "512", "--hop", "128", "--frames", "64"])
