"""training/mini/build.py's audio encoder step on a tiny synthetic setup: `--audio-encoder-only`
trains the encoder on the work folder's U-Net shards and adds it to an existing bundle with every
other file kept byte for byte; the step is skipped once its run has reached its steps."""
import argparse
import json
import os

import torch
import torch.nn.functional as F

from safetensors.torch import load

from training.clipsonic.shards import write_shard
from training.mini import build

AUDIO = {"sample_rate": 16000, "n_fft": 512, "hop": 128, "win": 512, "n_mels": 16, "fmin": 0.0, "fmax": 8000.0,
         "frames": 64, "norm_shift": -7.5, "norm_scale": 4.0}
ENCODER = ["--audio-encoder-steps", "2", "--audio-encoder-batch", "4", "--audio-encoder-channels", "8", "16",
           "--audio-encoder-hidden", "16"]


def work_folder(w):
    """The outputs of the steps before the encoder: the world (only its marker is looked at), the
    CLIP folder and the U-Net shards (12-wide embeddings of 16-band mels)."""
    os.makedirs(os.path.join(w, "clip"))
    for name in ("world-test.pt", os.path.join("clip", "config.json")):
        open(os.path.join(w, name), "w").close()
    torch.manual_seed(0)
    for split, n in (("train", 16), ("test", 4)):
        write_shard(os.path.join(w, f"unet-{split}", "shard-00000.safetensors"), F.normalize(torch.randn(n, 12), dim=-1),
                    torch.randn(n, 16, 64), [f"{split}-{i}" for i in range(n)], AUDIO)


def bundle_folder(b):
    os.makedirs(b)
    manifest = {"format": "clipsonic-bundle", "version": 1, "name": "tiny", "audio": {"n_mels": 16},
                "clip": {"weights": "clip.safetensors", "config": {"projection_dim": 12}},
                "prior": {"weights": "prior.safetensors"}, "unet": {"weights": "unet.safetensors"}}
    files = {"bundle.json": json.dumps(manifest).encode(), "EVAL.md": b"# kept\n"}
    for name in ("clip", "prior", "unet"):
        files[f"{name}.safetensors"] = f"{name} weights, kept byte for byte".encode()
    for name, data in files.items():
        with open(os.path.join(b, name), "wb") as f:
            f.write(data)
    return manifest, files


def read_all(b):
    out = {}
    for name in os.listdir(b):
        with open(os.path.join(b, name), "rb") as f:
            out[name] = f.read()
    return out


def test_audio_encoder_only_keeps_every_other_file(tmp_path, monkeypatch):
    w, b = str(tmp_path / "work"), str(tmp_path / "bundle")
    work_folder(w)
    manifest, files = bundle_folder(b)
    build.main(["--work", w, "--out", b, "--audio-encoder-only", "--skip-eval"] + ENCODER)
    after = read_all(b)
    assert sorted(after) == sorted(list(files) + ["audio_encoder.safetensors"])
    for name, data in files.items():
        if name != "bundle.json":
            assert after[name] == data, name
    updated = json.loads(after["bundle.json"])
    assert {k: v for k, v in updated.items() if k != "audio_encoder"} == manifest
    section = updated["audio_encoder"]
    assert section["steps"] == 2 and section["config"]["channels"] == [8, 16] and section["config"]["embed_dim"] == 12

    # Again: the trained run is kept (no training step), the export gives the same bundle.
    calls = []
    real_run = build.run
    monkeypatch.setattr(build, "run", lambda args, log: (calls.append(args[0]), real_run(args, log)))
    build.main(["--work", w, "--out", b, "--audio-encoder-only", "--skip-eval"] + ENCODER)
    assert calls == ["training.clipsonic.export"]
    again = read_all(b)
    # The weights are the same tensors; the file's bytes may not be (safetensors writes its
    # metadata keys in no fixed order).
    enc = "audio_encoder.safetensors"
    assert {k: v for k, v in again.items() if k != enc} == {k: v for k, v in after.items() if k != enc}
    first, second = load(after[enc]), load(again[enc])
    assert first.keys() == second.keys() and all(torch.equal(first[k], second[k]) for k in first)


def test_the_step_is_skipped_only_when_its_run_is_finished(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(build, "run", lambda args, log: calls.append(args))
    a = argparse.Namespace(audio_encoder_steps=600, audio_encoder_channels=[16, 32, 64, 64],
                                                     audio_encoder_hidden=128, audio_encoder_batch=128,
                                                     audio_encoder_lr=2e-3, audio_encoder_warmup=50)
    w = str(tmp_path)
    ck = os.path.join(w, "audio-encoder-run", "checkpoint.pt")
    assert build.audio_encoder_step(a, w, "log") == ck and len(calls) == 1  # no run yet
    cmd = calls[0]
    assert cmd[0] == "training.clipsonic.train_audio_encoder"
    assert cmd[cmd.index("--data") + 1] == os.path.join(w, "unet-train")
    assert cmd[cmd.index("--steps") + 1] == "600" and cmd[cmd.index("--cosine-weight") + 1] == "0"
    os.makedirs(os.path.dirname(ck))
    torch.save({"step": 400}, ck)
    build.audio_encoder_step(a, w, "log")
    assert len(calls) == 2  # stopped early: resumed
    torch.save({"step": 600}, ck)
    build.audio_encoder_step(a, w, "log")
    assert len(calls) == 2  # finished: skipped
