"""The audio encoder and its trainer: any frame count gives a unit embedding, and on an easy
two-cluster task the contrastive loss falls and each cluster's mels land near its pictures."""
import json
import os

import pytest
import torch

from training.clipsonic import train_audio_encoder
from training.clipsonic.audio_encoder import AudioEncoder, AudioEncoderConfig
from training.clipsonic.shards import write_shard

AUDIO = {"sample_rate": 16000, "n_fft": 512, "hop": 128, "win": 512, "n_mels": 16, "fmin": 0.0,
         "fmax": 8000.0, "frames": 32, "log": {"base": "e", "floor": 1e-5, "mean": -5.0, "std": 5.0}}


def test_any_frame_count_gives_a_unit_embedding():
    torch.manual_seed(0)
    model = AudioEncoder(AudioEncoderConfig(n_mels=16, channels=[8, 16], norm_groups=4, hidden_dim=32, embed_dim=12))
    for frames in (1, 7, 32, 301):
        e = model(torch.randn(2, 16, frames))
        assert e.shape == (2, 12)
        assert torch.allclose(e.norm(dim=-1), torch.ones(2), atol=1e-5)


def test_config_refuses_bad_widths():
    with pytest.raises(ValueError, match="groups"):
        AudioEncoderConfig(channels=[12], norm_groups=8)
    with pytest.raises(ValueError, match="unknown"):
        AudioEncoderConfig.from_dict({"channels": [8], "depth": 3})


def two_clusters(folder: str, n: int = 48, seed: int = 0):
    """Cluster 0: energy in the low mel bands, pictures near direction u; cluster 1: high bands, near v."""
    g = torch.Generator().manual_seed(seed)
    dim = 12
    centres = torch.nn.functional.normalize(torch.randn(2, dim, generator=g), dim=-1)
    label = torch.arange(n) % 2
    mels = 0.3 * torch.randn(n, 16, 32, generator=g)
    mels[label == 0, :6] += 2.0
    mels[label == 1, 10:] += 2.0
    emb = torch.nn.functional.normalize(centres[label] + 0.15 * torch.randn(n, dim, generator=g), dim=-1)
    half = n // 2
    for k, sl in enumerate((slice(0, half), slice(half, n))):
        write_shard(os.path.join(folder, f"shard-{k:05d}.safetensors"), emb[sl], mels[sl],
                    [f"{k}-{i}" for i in range(half)], AUDIO)
    return mels, label, centres


def test_loss_falls_and_clusters_separate(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    mels, label, centres = two_clusters(str(data))
    out = str(tmp_path / "run")
    train_audio_encoder.main(["--data", str(data), "--out", out, "--channels", "8", "16", "--norm-groups", "4",
                              "--hidden-dim", "32", "--steps", "60", "--batch", "16", "--warmup", "5",
                              "--log-every", "10", "--save-every", "100", "--cosine-weight", "0.5"])
    with open(os.path.join(out, "log.jsonl")) as f:
        log = [json.loads(line) for line in f]
    assert [r["step"] for r in log] == [10, 20, 30, 40, 50, 60]
    print(f"loss steps 1-10 {log[0]['loss']:.4f}, steps 51-60 {log[-1]['loss']:.4f}")
    assert log[-1]["loss"] < 0.8 * log[0]["loss"], log
    ck = torch.load(os.path.join(out, "checkpoint.pt"), weights_only=False)
    model = AudioEncoder(AudioEncoderConfig.from_dict(ck["encoder_config"])).eval()
    model.load_state_dict(ck["model"])
    with torch.no_grad():
        sims = model(mels) @ centres.t()  # [n, 2]
    accuracy = (sims.argmax(-1) == label).float().mean().item()
    print(f"nearest picture cluster right for {accuracy:.0%} of the mels")
    assert accuracy == 1.0
    assert 0 <= ck["logit_scale"].item() <= train_audio_encoder.MAX_LOGIT_SCALE + 1e-6


def test_a_batch_of_one_is_refused():
    with pytest.raises(SystemExit):
        train_audio_encoder.parse_args(["--data", "d", "--out", "o", "--batch", "1"])


def test_trains_on_the_dataset_builders_shards(dataset, tmp_path):
    """The shards build_dataset makes from videos (frame embeddings of a tiny CLIP, 16-band mels)."""
    out = str(tmp_path / "run")
    train_audio_encoder.main(["--data", dataset, "--out", out, "--channels", "8", "16", "--norm-groups", "4",
                              "--hidden-dim", "16", "--steps", "4", "--batch", "4", "--log-every", "2"])
    ck = torch.load(os.path.join(out, "checkpoint.pt"), weights_only=False)
    assert ck["step"] == 4
    assert ck["encoder_config"]["embed_dim"] == 32 and ck["encoder_config"]["n_mels"] == 16
    assert ck["clip"], "the CLIP the pairs were encoded with is recorded"
