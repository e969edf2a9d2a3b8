"""U-Net training: the loss falls, a run resumes from its checkpoint, and the distributed path
(DistributedDataParallel over gloo) runs with two CPU processes."""
import json
import os
import subprocess
import sys

import torch

from conftest import ROOT, subprocess_env
from training.clipsonic import train_unet


def losses(run):
    with open(os.path.join(run, "log.jsonl")) as f:
        return [json.loads(line) for line in f]


def test_loss_falls_over_100_steps(dataset, tmp_path):
    out = str(tmp_path / "run")
    train_unet.main(["--data", dataset, "--out", out, "--preset", "tiny", "--steps", "100", "--batch", "8",
                     "--warmup", "10", "--lr", "1e-3", "--log-every", "10", "--save-every", "1000", "--seed", "1"])
    log = losses(out)
    assert [r["step"] for r in log] == list(range(10, 101, 10))
    first, last = log[0]["loss"], sum(r["loss"] for r in log[-3:]) / 3
    print(f"loss over the first 10 steps {first:.4f}, over steps 71-100 {last:.4f}")
    assert last < 0.6 * first, log
    assert os.path.exists(os.path.join(out, "samples", "step-0000100.png"))


def test_checkpoint_resume(trained_run, dataset, tmp_path):
    ck = torch.load(os.path.join(trained_run, "checkpoint.pt"), weights_only=False)
    assert ck["step"] == 40
    assert ck["unet_config"]["clip_dim"] == 32 and ck["unet_config"]["n_mels"] == 16
    assert ck["diffusion"] == {"train_steps": 1000, "beta_schedule": "cosine", "beta_start": 1e-4,
                               "beta_end": 0.02, "prediction": "v"}
    # EMA weights are kept apart from the online weights.
    assert any(not torch.equal(ck["ema"][k], ck["model"][k]) for k in ck["model"])

    out = str(tmp_path / "resumed")
    args = ["--data", dataset, "--out", out, "--preset", "tiny", "--batch", "8", "--log-every", "5",
            "--save-every", "5"]
    train_unet.main(args + ["--steps", "10"])
    first = torch.load(os.path.join(out, "checkpoint.pt"), weights_only=False)
    train_unet.main(args + ["--steps", "15"])
    second = torch.load(os.path.join(out, "checkpoint.pt"), weights_only=False)
    assert first["step"] == 10 and second["step"] == 15
    assert [r["step"] for r in losses(out)] == [5, 10, 15]
    assert second["opt"]["state"], "optimizer state was not carried over"


def test_distributed_two_cpu_processes(dataset, tmp_path):
    out = str(tmp_path / "ddp")
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29517",
           "-m", "training.clipsonic.train_unet", "--data", dataset, "--out", out, "--preset", "tiny",
           "--steps", "6", "--batch", "4", "--log-every", "3", "--save-every", "3", "--threads", "1"]
    r = subprocess.run(cmd, cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 process(es) on cpu" in r.stdout
    ck = torch.load(os.path.join(out, "checkpoint.pt"), weights_only=False)
    assert ck["step"] == 6
    assert [rec["step"] for rec in losses(out)] == [3, 6]


def test_optimizer_state_moves_into_the_conditioning_group():
    """A checkpoint saved with one parameter group resumes into the two groups of --cond-lr-mult,
    every parameter keeping its own Adam moments, and the conditioning group its multiplier."""
    from training.clipsonic.unet import PRESETS, UNet, UNetConfig

    torch.manual_seed(0)
    model = UNet(UNetConfig(**PRESETS["tiny"]))
    single = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, emb = torch.randn(2, 1, 16, 8), torch.randn(2, 12)
    model(x, torch.tensor([3, 500]), emb).square().mean().backward()
    single.step()
    saved = single.state_dict()
    grouped = torch.optim.AdamW(train_unet.param_groups(model, 10.0), lr=1e-3)
    train_unet.load_optimizer(grouped, saved, model)
    names = {id(p): n for n, p in model.named_parameters()}
    cond = [names[id(p)] for p in grouped.param_groups[1]["params"]]
    assert cond and all(n.startswith(train_unet.COND_PREFIXES) for n in cond)
    assert [g["lr_mult"] for g in grouped.param_groups] == [1.0, 10.0]
    moved = [p for p in model.parameters() if "exp_avg" in single.state.get(p, {})]
    assert len(moved) > 10
    for p in moved:
        assert torch.equal(grouped.state[p]["exp_avg"], single.state[p]["exp_avg"]), names[id(p)]
    # And a grouped state saves and loads back as it is.
    again = torch.optim.AdamW(train_unet.param_groups(model, 10.0), lr=1e-3)
    train_unet.load_optimizer(again, grouped.state_dict(), model)
    for p in moved:
        assert torch.equal(again.state[p]["exp_avg_sq"], grouped.state[p]["exp_avg_sq"])
