"""The optional audio_encoder component: added to a bundle with every other file kept, its weights
loading strictly back into the network, and a checkpoint of the wrong width refused by name."""
import json
import os

import pytest
import torch
from safetensors.torch import load_file

from training.clipsonic import export
from training.clipsonic.audio_encoder import AudioEncoder, AudioEncoderConfig
from training.clipsonic.audio_encoder_export import WEIGHTS_FILE


def checkpoint(path, embed_dim=12, n_mels=16):
    torch.manual_seed(0)
    cfg = AudioEncoderConfig(n_mels=n_mels, channels=[8, 16], norm_groups=4, hidden_dim=16, embed_dim=embed_dim)
    model = AudioEncoder(cfg)
    torch.save({"model": model.state_dict(), "encoder_config": cfg.to_dict(), "audio": {}, "logit_scale":
                torch.tensor(2.5), "step": 7}, path)
    return model


def bundle(folder):
    os.makedirs(folder)
    manifest = {"format": "clipsonic-bundle", "version": 1, "audio": {"n_mels": 16},
                "clip": {"weights": "clip.safetensors", "config": {"projection_dim": 12}}}
    with open(os.path.join(folder, "bundle.json"), "w") as f:
        json.dump(manifest, f)
    with open(os.path.join(folder, "clip.safetensors"), "wb") as f:
        f.write(b"kept byte for byte")


def test_added_component_loads_back_strictly(tmp_path):
    ck, out = str(tmp_path / "ck.pt"), str(tmp_path / "bundle")
    model = checkpoint(ck)
    bundle(out)
    export.main(["--add-audio-encoder", "--audio-encoder", ck, "--out", out, "--dtype", "f16"])
    with open(os.path.join(out, "bundle.json")) as f:
        manifest = json.load(f)
    section = manifest["audio_encoder"]
    assert section["weights"] == WEIGHTS_FILE and section["steps"] == 7 and section["logit_scale"] == 2.5
    assert section["config"] == model.config.to_dict()
    assert manifest["clip"]["config"]["projection_dim"] == 12
    with open(os.path.join(out, "clip.safetensors"), "rb") as f:
        assert f.read() == b"kept byte for byte"
    weights = load_file(os.path.join(out, WEIGHTS_FILE))
    assert all(w.dtype == torch.float16 for w in weights.values())
    again = AudioEncoder(AudioEncoderConfig.from_dict(section["config"]))
    again.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
    # Adding again replaces the component rather than stacking a second one.
    export.main(["--add-audio-encoder", "--audio-encoder", ck, "--out", out])
    assert sorted(os.listdir(out)) == sorted(["bundle.json", "clip.safetensors", WEIGHTS_FILE])


@pytest.mark.parametrize("embed_dim,n_mels,message", [(10, 16, "10-wide"), (12, 20, "20 mel bands")])
def test_mismatched_encoder_is_refused(tmp_path, capsys, embed_dim, n_mels, message):
    ck, out = str(tmp_path / "ck.pt"), str(tmp_path / "bundle")
    checkpoint(ck, embed_dim=embed_dim, n_mels=n_mels)
    bundle(out)
    with pytest.raises(SystemExit, match=message):
        export.main(["--add-audio-encoder", "--audio-encoder", ck, "--out", out])
    assert sorted(os.listdir(out)) == ["bundle.json", "clip.safetensors"]


def test_not_an_encoder_checkpoint_is_refused(tmp_path):
    ck, out = str(tmp_path / "ck.pt"), str(tmp_path / "bundle")
    torch.save({"model": {}}, ck)
    bundle(out)
    with pytest.raises(SystemExit, match="not a train_audio_encoder.py checkpoint"):
        export.main(["--add-audio-encoder", "--audio-encoder", ck, "--out", out])


def test_full_export_with_an_encoder_trained_on_the_dataset(trained_run, clip_dir, dataset, tmp_path):
    from training.clipsonic import train_audio_encoder

    run, out = str(tmp_path / "enc"), str(tmp_path / "bundle")
    train_audio_encoder.main(["--data", dataset, "--out", run, "--channels", "8", "16", "--norm-groups", "4",
                              "--hidden-dim", "16", "--steps", "2", "--batch", "4"])
    export.main(["--checkpoint", os.path.join(trained_run, "checkpoint.pt"), "--clip", clip_dir, "--out", out,
                 "--audio-encoder", os.path.join(run, "checkpoint.pt")])
    with open(os.path.join(out, "bundle.json")) as f:
        manifest = json.load(f)
    assert manifest["audio_encoder"]["config"]["embed_dim"] == manifest["clip"]["config"]["projection_dim"]
    assert list(manifest)[-1] == "audio_encoder" and os.path.exists(os.path.join(out, WEIGHTS_FILE))


def test_swift_info_reads_the_encoder(swift_cli, tmp_path):
    import subprocess

    ck, out = str(tmp_path / "ck.pt"), str(tmp_path / "bundle")
    # The Swift engine's own random tiny bundle (32-wide CLIP, 32 mels), with an encoder added.
    from conftest import ROOT

    r = subprocess.run([swift_cli, "random-bundle", out, "--size", "tiny"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    checkpoint(ck, embed_dim=32, n_mels=32)
    export.main(["--add-audio-encoder", "--audio-encoder", ck, "--out", out])
    info = subprocess.run([swift_cli, "info", out], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    assert "audio_encoder: audio_encoder.safetensors" in info.stdout, info.stdout
