"""End to end: generated videos -> dataset (tiny random CLIP) -> a few CPU training steps ->
export -> the Swift engine loads the bundle and generates; its mel equals the PyTorch reference
pipeline's for the same seed, steps and guidance (max relative error <= 1e-3)."""
import csv
import json
import os
import subprocess

import pytest
import torch
from safetensors.torch import load_file

import synthetic_media
from training.clipsonic import export, train_prior
from training.clipsonic.evaluate import evaluate
from training.clipsonic.reference_pipeline import ReferencePipeline

TOLERANCE = 1e-3
SEED, STEPS, GUIDANCE = 7, 4, 3.0


def rel_error(a, b):
    return ((a - b).abs().max() / b.abs().max().clamp_min(1e-6)).item()


@pytest.fixture(scope="session")
def prior_run(work, clip_dir):
    """A tiny dalle2-pytorch prior trained a few steps on captioned pictures."""
    pics = work / "pictures"
    pics.mkdir()
    rows = []
    for i, hue in enumerate([0.0, 0.17, 0.33, 0.5, 0.67, 0.83]):
        for shape in ("circle", "square"):
            path = pics / f"{i}_{shape}.png"
            synthetic_media.picture(hue, shape).save(path)
            rows.append((f"a {shape} of colour {i}", path.name))
    listing = pics / "pairs.csv"
    with open(listing, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["caption", "image"])
        w.writerows(rows)
    out = str(work / "prior")
    train_prior.main(["--pairs", str(listing), "--clip", clip_dir, "--out", out, "--depth", "2", "--heads", "2",
                      "--dim-head", "16", "--steps", "30", "--batch", "12", "--log-every", "10",
                      "--sample-timesteps", "8", "--lr", "3e-4"])
    return out


@pytest.fixture(scope="session")
def bundle(work, trained_run, clip_dir, prior_run):
    out = str(work / "bundle")
    export.main(["--checkpoint", os.path.join(trained_run, "checkpoint.pt"), "--clip", clip_dir, "--out", out,
                 "--prior", prior_run, "--name", "e2e"])
    return out


def test_prior_loss_falls(prior_run):
    with open(os.path.join(prior_run, "log.jsonl")) as f:
        log = [json.loads(line) for line in f]
    print("prior loss:", [round(r["loss"], 3) for r in log])
    assert log[-1]["loss"] < log[0]["loss"]


def test_bundle_manifest(bundle, trained_run):
    with open(os.path.join(bundle, "bundle.json")) as f:
        m = json.load(f)
    assert m["format"] == "clipsonic-bundle" and m["version"] == 1
    assert sorted(os.listdir(bundle)) == ["bpe_simple_vocab_16e6.txt", "bundle.json", "clip.safetensors",
                                         "prior.safetensors", "unet.safetensors"]
    ck = torch.load(os.path.join(trained_run, "checkpoint.pt"), weights_only=False)
    assert m["unet"]["config"] == ck["unet_config"] and m["unet"]["schedule"] == ck["diffusion"]
    assert m["audio"] == ck["audio"]
    assert m["vocoder"] == {"kind": "griffin-lim", "config": {"iterations": 32}}
    assert m["clip"]["image"]["shortest_edge"] == 32 and m["clip"]["text_cleaning"] == "openai"
    assert m["prior"]["config"]["net"]["dim"] == 32 and m["prior"]["config"]["dalle2_pytorch_version"] == "1.1.0"
    # Trained with condition dropout, so with the learned null condition (prior_null.py).
    assert m["prior"]["config"]["net"]["learned_null_condition"] is True
    assert list(load_file(os.path.join(bundle, "prior.safetensors"))["net.null_text_embeds"].shape) == [1, 1, 32]
    unet = load_file(os.path.join(bundle, "unet.safetensors"))
    assert all(torch.equal(unet[k], v.float()) for k, v in ck["ema"].items())


def test_swift_info_validates_the_bundle(bundle, swift_cli):
    r = subprocess.run([swift_cli, "info", bundle], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "prior: prior.safetensors" in r.stdout and "vocoder (griffin-lim)" in r.stdout


@pytest.mark.parametrize("mode", ["zero-shot", "image", "prior", "prior-guided"])
def test_swift_engine_matches_reference_pipeline(bundle, swift_cli, work, mode):
    extra, prompt, prior_guidance = [], "a red circle on a blue sky", 1.0
    if mode == "prior-guided":  # the unconditional branch is the learned null condition
        mode, prior_guidance, extra = "prior", 3.0, ["--prior-guidance", "3"]
    if mode == "image":
        picture = str(work / "query.png")
        synthetic_media.picture(0.6, "circle", 40).save(picture)
        extra, prompt = ["--image", picture], ""
    name = f"{mode}-{prior_guidance:g}"
    mel_swift = str(work / f"swift-{name}.safetensors")
    cmd = [swift_cli, "generate", prompt, "--bundle", bundle, "--mode", mode, "--seed", str(SEED), "--steps",
           str(STEPS), "--guidance", str(GUIDANCE), "--out", str(work / f"swift-{name}.wav"), "--mel-out",
           mel_swift, *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    swift = load_file(mel_swift)["mel"]
    image = extra[1] if mode == "image" else None
    ref = ReferencePipeline(bundle).generate(mode, prompt, image, SEED, STEPS, GUIDANCE, prior_guidance=prior_guidance)
    if mode == "prior":  # the prior's sample depends on the prompt, the seed and the guidance
        pipe = ReferencePipeline(bundle)
        a, b, c = (pipe.sample_prior(p, s) for p, s in ((prompt, SEED), (prompt, SEED + 1), ("a dog", SEED)))
        assert (a - b).abs().max() > 1e-4 and (a - c).abs().max() > 1e-4
        assert (pipe.sample_prior(prompt, SEED, guidance=3.0) - a).abs().max() > 1e-4
    err = rel_error(swift, ref)
    print(f"{mode}: Swift vs reference mel {list(ref.shape)}, max relative error {err:.2e}")
    assert list(swift.shape) == [16, 64]
    assert err <= TOLERANCE


def test_replace_prior_keeps_every_other_file(bundle, prior_run, tmp_path):
    import shutil

    copy = str(tmp_path / "bundle")
    shutil.copytree(bundle, copy)
    before = {n: open(os.path.join(copy, n), "rb").read() for n in os.listdir(copy)}
    with open(os.path.join(copy, "prior.safetensors"), "wb") as f:  # a stale prior the export must replace
        f.write(b"stale")
    export.main(["--replace-prior", "--prior", prior_run, "--out", copy])
    after = {n: open(os.path.join(copy, n), "rb").read() for n in os.listdir(copy)}
    assert sorted(after) == sorted(before)
    assert all(after[n] == before[n] for n in before if n != "bundle.json")
    assert json.loads(after["bundle.json"]) == json.loads(before["bundle.json"])


def test_reference_refuses_prior_guidance_without_a_null_condition(bundle, tmp_path):
    import shutil

    copy = str(tmp_path / "plain")
    shutil.copytree(bundle, copy)
    with open(os.path.join(copy, "bundle.json")) as f:
        m = json.load(f)
    del m["prior"]["config"]["net"]["learned_null_condition"]
    with open(os.path.join(copy, "bundle.json"), "w") as f:
        json.dump(m, f)
    from safetensors.torch import save_file

    weights = os.path.join(copy, "prior.safetensors")
    save_file({k: v for k, v in load_file(weights).items() if k != "net.null_text_embeds"}, weights)
    pipe = ReferencePipeline(copy)
    with pytest.raises(Exception, match="learned null condition"):
        pipe.sample_prior("a dog", SEED, guidance=2.0)


def test_export_refuses_another_clip(trained_run, work, tmp_path):
    other = synthetic_media.tiny_clip(str(tmp_path / "other_clip"), seed=1)
    with pytest.raises(export.ExportError, match="not the CLIP the training pairs were encoded with"):
        export.export(export.parse_args(["--checkpoint", os.path.join(trained_run, "checkpoint.pt"),
                                         "--clip", other, "--out", str(tmp_path / "b")]))
    assert sorted(os.listdir(tmp_path)) == ["other_clip"], "a failed export left files behind"


def test_export_replaces_an_existing_bundle_only_with_force(trained_run, clip_dir, tmp_path):
    out = str(tmp_path / "b")
    args = ["--checkpoint", os.path.join(trained_run, "checkpoint.pt"), "--clip", clip_dir, "--out", out]
    export.main(args + ["--name", "first"])
    with pytest.raises(SystemExit, match="pass --force"):
        export.main(args + ["--name", "second"])
    export.main(args + ["--name", "second", "--force"])
    with open(os.path.join(out, "bundle.json")) as f:
        assert json.load(f)["name"] == "second"
    assert sorted(os.listdir(tmp_path)) == ["b"], "temporary folders were left behind"


def test_evaluate_reports_mse_and_baselines(bundle, dataset):
    result = evaluate(bundle, dataset, limit=8, steps=2, guidance=3.0)
    print("evaluate:", result)
    assert result["pairs"] == 8
    for k in ("mse", "mse_shuffled", "mse_mean_mel"):
        assert result[k] == result[k] and 0 <= result[k] < 100


def tiny_bigvgan(folder, hop_size=128, num_mels=16):
    """A random BigVGAN generator checkpoint and config for the tests' mel settings."""
    bigvgan = pytest.importorskip("bigvgan.bigvgan", reason="NVIDIA's bigvgan package is not installed")
    from bigvgan.env import AttrDict

    config = {"num_mels": num_mels, "upsample_rates": [4, 4, 2, 2, 2], "upsample_kernel_sizes": [8, 8, 4, 4, 4],
              "upsample_initial_channel": 32, "resblock": "1", "resblock_kernel_sizes": [3],
              "resblock_dilation_sizes": [[1, 3]], "activation": "snakebeta", "snake_logscale": True,
              "use_tanh_at_final": False, "use_bias_at_final": False, "sampling_rate": 16000, "n_fft": 512,
              "hop_size": hop_size, "win_size": 512, "fmin": 0, "fmax": 8000}
    torch.manual_seed(0)
    model = bigvgan.BigVGAN(AttrDict(config))
    os.makedirs(folder, exist_ok=True)
    ckpt, cfg = os.path.join(folder, "g_00000000"), os.path.join(folder, "config.json")
    torch.save({"generator": model.state_dict()}, ckpt)
    with open(cfg, "w") as f:
        json.dump(config, f)
    return ckpt, cfg


def test_export_with_bigvgan_runs_in_the_engine(trained_run, clip_dir, swift_cli, tmp_path):
    ckpt, cfg = tiny_bigvgan(str(tmp_path / "bigvgan"))
    out = str(tmp_path / "bundle")
    export.main(["--checkpoint", os.path.join(trained_run, "checkpoint.pt"), "--clip", clip_dir, "--out", out,
                 "--bigvgan", ckpt, "--bigvgan-config", cfg])
    with open(os.path.join(out, "bundle.json")) as f:
        vocoder = json.load(f)["vocoder"]
    assert vocoder["kind"] == "bigvgan" and vocoder["weights"] == "vocoder.safetensors"
    wav = str(tmp_path / "take.wav")
    r = subprocess.run([swift_cli, "generate", "a bell", "--bundle", out, "--mode", "zero-shot", "--seed", "1",
                        "--steps", "2", "--out", wav], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert os.path.getsize(wav) > 64 * 128 * 2  # 64 frames x 128 samples of 16-bit audio


def test_export_refuses_a_bigvgan_for_other_mels(trained_run, clip_dir, tmp_path):
    ckpt, cfg = tiny_bigvgan(str(tmp_path / "bigvgan"), hop_size=256, num_mels=16)
    with pytest.raises(export.ExportError, match="hop_size 256 vs 128"):
        export.export(export.parse_args(["--checkpoint", os.path.join(trained_run, "checkpoint.pt"), "--clip",
                                         clip_dir, "--out", str(tmp_path / "b"), "--bigvgan", ckpt,
                                         "--bigvgan-config", cfg]))
    assert not os.path.exists(tmp_path / "b")
