"""Each trainer on training/common/loop.py: a run killed after its last checkpoint and started
again ends where a run that never stopped ends (same weights, optimizer state and log)."""
import json
import os

import pytest
import torch
from safetensors.torch import save_file

from training.clipsonic import train_prior, train_unet
from training.clipsonic.shards import write_shard
from training.common.loop import TrainingLoop
from training.mini import train_clip


class Killed(Exception):
    pass


def killed_at(monkeypatch, kill_at: int):
    """Makes the next run die as step `kill_at` starts (no final checkpoint, unlike a normal end)."""
    real = TrainingLoop.run

    def run(self, batches, train_step, *args, **kw):
        def step(batch, s):
            if s == kill_at:
                raise Killed()
            return train_step(batch, s)

        return real(self, batches, step, *args, **kw)

    monkeypatch.setattr(TrainingLoop, "run", run)


def interrupted(monkeypatch, main, args, kill_at):
    with monkeypatch.context() as m:
        killed_at(m, kill_at)
        with pytest.raises(Killed):
            main(args)
    main(args)


def log(path):
    with open(path) as f:
        return [{k: v for k, v in json.loads(line).items() if k != "seconds"} for line in f]


def assert_same(a: dict, b: dict, keys):
    for key in keys:
        x, y = a[key], b[key]
        if key in ("opt", "optimizer"):
            x, y = x["state"], y["state"]
            x = {k: v for i in x for k, v in ((f"{i}.{n}", t) for n, t in x[i].items())}
            y = {k: v for i in y for k, v in ((f"{i}.{n}", t) for n, t in y[i].items())}
        assert x.keys() == y.keys(), key
        for k in x:
            assert torch.equal(torch.as_tensor(x[k]), torch.as_tensor(y[k])), f"{key}.{k}"


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """20 random pairs: 2 batches of 8 an epoch, so checkpoints fall inside epochs and between them."""
    folder = str(tmp_path_factory.mktemp("shards"))
    g = torch.Generator().manual_seed(0)
    audio = {"sample_rate": 16000, "n_fft": 512, "hop": 128, "win": 512, "n_mels": 16, "fmin": 0.0,
             "fmax": 8000.0, "frames": 32, "log": {"base": "e", "floor": 1e-5, "mean": -5.0, "std": 5.0}}
    for k in range(2):
        emb = torch.nn.functional.normalize(torch.randn(10, 12, generator=g), dim=-1)
        write_shard(os.path.join(folder, f"shard-{k:05d}.safetensors"), emb, torch.randn(10, 16, 32, generator=g),
                    [f"{k}-{i}" for i in range(10)], audio)
    return folder


def test_unet_resume_equals_an_uninterrupted_run(shards, tmp_path, monkeypatch):
    def args(out):
        return ["--data", shards, "--out", out, "--preset", "tiny", "--steps", "9", "--batch", "8", "--warmup", "4",
                "--log-every", "2", "--save-every", "3", "--sample-every", "3", "--seed", "5"]

    whole, parts = str(tmp_path / "whole"), str(tmp_path / "parts")
    train_unet.main(args(whole))
    interrupted(monkeypatch, train_unet.main, args(parts), kill_at=5)  # checkpoint at 3, mid-epoch
    a = torch.load(os.path.join(whole, "checkpoint.pt"), weights_only=False)
    b = torch.load(os.path.join(parts, "checkpoint.pt"), weights_only=False)
    assert a["step"] == b["step"] == 9
    assert_same(a, b, ("model", "ema", "opt"))
    assert log(os.path.join(whole, "log.jsonl")) == log(os.path.join(parts, "log.jsonl"))


def test_prior_resume_equals_an_uninterrupted_run(clip_dir, tmp_path, monkeypatch):
    g = torch.Generator().manual_seed(1)
    n, dim = 10, 32
    emb = {"text_embed": torch.nn.functional.normalize(torch.randn(n, dim, generator=g), dim=-1),
           "text_encodings": torch.randn(n, 5, dim, generator=g),
           "image_embed": torch.nn.functional.normalize(torch.randn(n, dim, generator=g), dim=-1)}

    def args(out):
        os.makedirs(out, exist_ok=True)
        save_file(emb, os.path.join(out, train_prior.EMBEDDINGS))
        return ["--clip", clip_dir, "--out", out, "--depth", "1", "--heads", "2", "--dim-head", "8", "--steps", "8",
                "--batch", "4", "--log-every", "3", "--save-every", "4", "--sample-timesteps", "4", "--device", "cpu"]

    whole, parts = str(tmp_path / "whole"), str(tmp_path / "parts")
    train_prior.main(args(whole))
    interrupted(monkeypatch, train_prior.main, args(parts), kill_at=6)
    a = torch.load(os.path.join(whole, train_prior.CHECKPOINT), weights_only=False)
    b = torch.load(os.path.join(parts, train_prior.CHECKPOINT), weights_only=False)
    assert a["step"] == b["step"] == 8
    assert_same(a, b, ("model", "ema_model", "optimizer"))
    assert log(os.path.join(whole, "log.jsonl")) == log(os.path.join(parts, "log.jsonl"))


def test_clip_resume_equals_an_uninterrupted_run(tmp_path, monkeypatch):
    from safetensors.torch import load_file

    data = tmp_path / "data"
    data.mkdir()
    g = torch.Generator().manual_seed(2)
    for split, n in (("train", 12), ("val", 6)):
        torch.save({"images": torch.randint(0, 256, (n, 64, 64, 3), generator=g, dtype=torch.uint8),
                    "captions": [f"a photo of a thing{i % 3}" for i in range(n)], "classes": torch.arange(n) % 3,
                    "class_names": ["thing0", "thing1", "thing2"]}, data / f"world-{split}.pt")

    def args(out):
        return ["--data", str(data), "--out", out, "--steps", "6", "--batch", "4", "--save-every", "2"]

    whole, parts = str(tmp_path / "whole"), str(tmp_path / "parts")
    train_clip.main(args(whole))
    interrupted(monkeypatch, train_clip.main, args(parts), kill_at=3)
    a = torch.load(whole + "-run/checkpoint.pt", weights_only=False)
    b = torch.load(parts + "-run/checkpoint.pt", weights_only=False)
    assert a["step"] == b["step"] == 6
    assert_same(a, b, ("model", "opt"))
    assert a["sched"] == b["sched"]
    weights = [f for f in os.listdir(whole) if f.endswith(".safetensors")]
    wa, wb = load_file(os.path.join(whole, weights[0])), load_file(os.path.join(parts, weights[0]))
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    strip = lambda recs: [{k: v for k, v in r.items() if k != "seconds"} for r in recs]  # noqa: E731
    assert strip(json.load(open(os.path.join(whole, "train_log.json")))) == \
        strip(json.load(open(os.path.join(parts, "train_log.json"))))


def test_audio_encoder_resume_equals_an_uninterrupted_run(shards, tmp_path, monkeypatch):
    from training.clipsonic import train_audio_encoder

    def args(out):
        return ["--data", shards, "--out", out, "--channels", "8", "16", "--norm-groups", "4", "--hidden-dim", "16",
                "--steps", "9", "--batch", "8", "--warmup", "4", "--log-every", "2", "--save-every", "3",
                "--cosine-weight", "0.5", "--seed", "5"]

    whole, parts = str(tmp_path / "whole"), str(tmp_path / "parts")
    train_audio_encoder.main(args(whole))
    interrupted(monkeypatch, train_audio_encoder.main, args(parts), kill_at=5)  # checkpoint at 3, mid-epoch
    a = torch.load(os.path.join(whole, "checkpoint.pt"), weights_only=False)
    b = torch.load(os.path.join(parts, "checkpoint.pt"), weights_only=False)
    assert a["step"] == b["step"] == 9
    assert_same(a, b, ("model", "opt"))
    assert torch.equal(a["logit_scale"], b["logit_scale"])
    assert log(os.path.join(whole, "log.jsonl")) == log(os.path.join(parts, "log.jsonl"))
