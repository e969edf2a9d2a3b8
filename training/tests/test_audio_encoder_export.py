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
