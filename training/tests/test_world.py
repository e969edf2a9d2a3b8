"""Tests of the miniature audio-visual world (training/world): determinism, shapes, every class,
held-out captions, the property estimators, learnability of sounds and pictures, and the writers.

Run from the repository root: python3 -m pytest -q training/tests/test_world.py
"""
import csv
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from training import world  # noqa: E402
from training.world import captions  # noqa: E402
from training.world.classes import SPECS, spec  # noqa: E402
from training.world.config import PEAK  # noqa: E402
from training.world.params import draw_params  # noqa: E402
from training.world.sample import dataset_class, rng_for  # noqa: E402
from training.world.scene import render_image  # noqa: E402
from training.world.synth import render_audio  # noqa: E402

SR = world.SAMPLE_RATE


def _audio_only(seed, split, index, duration):
    """(class index, audio) of dataset sample `index` without drawing its picture (faster)."""
    name = dataset_class(seed, split, index)
    rng = rng_for(seed, split, index)
    s = spec(name)
    p = draw_params(s, rng, duration)
    return world.CLASSES.index(name), render_audio(s, p, rng), p


def _image_only(seed, split, index):
    name = dataset_class(seed, split, index)
    rng = rng_for(seed, split, index)
    s = spec(name)
    return world.CLASSES.index(name), render_image(s, draw_params(s, rng, 2.048), rng)


def _softmax_regression(x_train, y_train, x_test, classes, steps=300, lr=0.5, l2=1e-2):
    """Multinomial logistic regression by full-batch gradient descent on standardised features;
    returns the predicted classes of x_test."""
    mu, sd = x_train.mean(0), x_train.std(0) + 1e-6
    a, b = (x_train - mu) / sd, (x_test - mu) / sd
    w, bias, y = np.zeros((a.shape[1], classes)), np.zeros(classes), np.eye(classes)[y_train]
    for _ in range(steps):
        z = a @ w + bias
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - y) / len(a)
        w -= lr * (a.T @ g + l2 * w)
        bias -= lr * g.sum(0)
    return (b @ w + bias).argmax(1)


def test_classes():
    assert len(world.CLASSES) >= 12
    assert len(set(world.CLASSES)) == len(world.CLASSES)
    assert {"guitar", "violin", "flute", "trumpet", "rain", "engine", "bird", "bell", "drum"} <= set(world.CLASSES)
    for i, name in enumerate(world.CLASSES):
        assert spec(name).name == name and spec(i).name == name
    with pytest.raises(ValueError, match="unknown class"):
        spec("kazoo")
    with pytest.raises(ValueError, match="out of range"):
        spec(len(world.CLASSES))
    # Bigger is lower, and size_for_pitch inverts pitch_for_size.
    g = SPECS["guitar"]
    assert g.pitch_for_size(0.0) > g.pitch_for_size(1.0)
    assert abs(g.size_for_pitch(g.pitch_for_size(0.3)) - 0.3) < 1e-9


def test_determinism():
    a = world.sample(5, "violin")
    b = world.sample(5, "violin")
    assert np.array_equal(a.image, b.image) and np.array_equal(a.audio, b.audio)
    assert a.caption == b.caption and a.params == b.params
    c = world.sample(6, "violin")
    assert not np.array_equal(a.audio, c.audio)
    t = world.sample(5, "violin", split="test")
    assert not np.array_equal(a.audio, t.audio)
    # A Generator is advanced by each call: two calls give two different samples, reproducibly.
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    x1, y1 = world.sample(g1), world.sample(g1)
    x2, y2 = world.sample(g2), world.sample(g2)
    assert x1.class_name == x2.class_name and np.array_equal(y1.audio, y2.audio)
    assert not np.array_equal(x1.audio[:100], y1.audio[:100]) or x1.class_name != y1.class_name
    # Dataset samples do not depend on which others are rendered.
    seq = list(world.samples(9, 3, "train", start=2, duration=1.024))
    alone = world.dataset_sample(9, "train", 3, duration=1.024)
    assert np.array_equal(seq[1].audio, alone.audio) and np.array_equal(seq[1].image, alone.image)


def test_balanced_classes():
    names = [dataset_class(1, "train", i) for i in range(3 * len(world.CLASSES))]
    assert all(names.count(c) == 3 for c in world.CLASSES)


@pytest.mark.parametrize("name", world.CLASSES)
def test_every_class_renders(name):
    for duration, seed in ((world.DEFAULT_DURATION, 1), (2.048, 2), (0.5, 3)):
        s = world.sample(seed, name, duration=duration)
        assert s.class_name == name and s.class_index == world.CLASSES.index(name)
        assert s.image.shape == (world.IMAGE_SIZE, world.IMAGE_SIZE, 3) and s.image.dtype == np.uint8
        assert s.image.std() > 5  # not blank
        assert s.audio.dtype == np.float32 and s.audio.shape == (int(round(duration * SR)),)
        assert np.all(np.isfinite(s.audio))
        peak = np.abs(s.audio).max()
        assert abs(peak - PEAK * 10 ** (s.params.loudness_db / 20)) < 1e-4
        assert s.caption in world.all_captions(spec(name), "train")
        p = s.properties
        assert set(p) == {"size", "pitch_hz", "count", "notes", "intensity", "loudness_db", "duration"}
        assert 0 <= p["size"] <= 1 and 1 <= p["count"] <= spec(name).max_count
    assert world.sample(4, name, image_size=32).image.shape == (32, 32, 3)


def test_default_clip_is_256_mel_frames():
    s = world.sample(0, "flute")
    assert len(s.audio) == 65536
    assert world.log_mel(s.audio).shape == (80, 256)


def test_captions_held_out():
    train = set().union(*(world.all_captions(s, "train") for s in SPECS.values()))
    test = set().union(*(world.all_captions(s, "test") for s in SPECS.values()))
    assert train and test and not train & test
    assert world.all_captions(SPECS["bell"], "val") == world.all_captions(SPECS["bell"], "train")
    for i in range(60):
        s = world.dataset_sample(4, "test", i, duration=0.5)
        assert s.caption in test and s.caption not in train
    with pytest.raises(ValueError, match="unknown split"):
        world.sample(0, split="holdout")


def test_captions_say_what_is_seen():
    rng = np.random.default_rng(0)
    bell = SPECS["bell"]
    c = captions.caption(bell, 0.95, 3, 0.0, rng, "train")
    assert "three" in c and "bells" in c
    assert world.describe(SPECS["violin"], size=0.9, split="test") == "an image of a huge cello"
    assert world.describe(SPECS["violin"], size=0.1, template=1, split="train") == "a picture of a tiny violin"
    assert world.describe(SPECS["rain"], intensity=0.9, template=3, split="train") == "the sound of heavy rain"
    assert world.describe(SPECS["dog"], count=2, template=1, split="test") == "a clip of two dogs barking"


PITCHED = [n for n in world.CLASSES if SPECS[n].audible == "pitch"]
COUNTED = [n for n in world.CLASSES if SPECS[n].audible == "count"]


def test_pitch_estimator_recovers_pitch():
    for name in PITCHED:
        for seed in range(3):
            s = world.sample(seed, name, duration=2.048)
            err = world.property_error(name, s.pitch_hz, s.audio, SR)
            assert err < 0.5, f"{name} seed {seed}: pitch {s.pitch_hz:.1f} Hz, error {err:.2f} semitones"
    # and tells sizes apart: a big guitar measures lower than a small one
    g = SPECS["guitar"]
    lo = world.measure("guitar", world.sample(0, "guitar").audio, SR)
    assert abs(g.size_for_pitch(lo) - world.sample(0, "guitar").size) < 0.05


def test_count_estimator_recovers_count():
    for name in COUNTED:
        seen = set()
        for seed in range(12):
            s = world.sample(seed, name, duration=world.DEFAULT_DURATION)
            seen.add(s.count)
            assert world.measure(name, s.audio, SR) == s.count, f"{name} seed {seed}: {s.count} events"
        assert len(seen) >= 3


def test_intensity_estimator_recovers_intensity():
    errs = [world.property_error("rain", s.intensity, s.audio, SR)
            for s in (world.sample(seed, "rain", duration=2.048) for seed in range(12))]
    assert np.mean(errs) < 0.1 and max(errs) < 0.25


def test_estimators_on_silence_and_noise():
    assert np.isnan(world.estimate_pitch(np.zeros(16000, np.float32), SR, 100, 1000))
    noise = np.random.default_rng(0).standard_normal(32000).astype(np.float32) * 0.1
    assert world.count_events(np.zeros(16000, np.float32), SR) == 0
    assert world.property_error("flute", 440.0, np.zeros(16000, np.float32), SR) == float("inf")
    assert 0.0 <= world.estimate_intensity(noise, SR) <= 1.0


def _audio_features(x):
    m = world.log_mel(x)
    m = np.maximum(m - m.max(), -12.0)  # loudness-invariant, 52 dB floor
    return np.concatenate([m.mean(1), m.std(1), np.abs(np.diff(m, axis=1)).mean(1), np.percentile(m, 90, axis=1)])


def test_sounds_are_separable():
    """A linear classifier on log-mel statistics of 24 clips per class names held-out clips."""
    k = len(world.CLASSES)
    train = [_audio_only(11, "train", i, 2.048)[:2] for i in range(24 * k)]
    test = [_audio_only(12, "test", i, 2.048)[:2] for i in range(8 * k)]
    xa = np.stack([_audio_features(a) for _, a in train])
    xb = np.stack([_audio_features(a) for _, a in test])
    pred = _softmax_regression(xa, np.array([c for c, _ in train]), xb, k, l2=1e-3)
    acc = np.mean(pred == np.array([c for c, _ in test]))
    assert acc > 0.9, f"held-out audio accuracy {acc:.3f}"


_CY, _CX = np.mgrid[0:64, 0:64]


def _image_features(img):
    """Gradient-orientation histograms over 1x1, 2x2 and 4x4 cells, a colour histogram, and a
    colour histogram weighted by edge strength (the object's colours more than the background's)."""
    g = img.astype(np.float32)
    gx, gy = np.zeros_like(g), np.zeros_like(g)
    gx[:, 1:-1], gy[1:-1] = g[:, 2:] - g[:, :-2], g[2:] - g[:-2]
    gx, gy = gx.sum(2), gy.sum(2)
    mag = np.hypot(gx, gy).ravel()
    b = np.minimum((np.mod(np.arctan2(gy, gx), np.pi) / np.pi * 9).astype(int), 8).ravel()
    out = []
    for c in (1, 2, 4):
        cell = ((_CY * c // 64) * c + (_CX * c // 64)).ravel()
        h = np.bincount(cell * 9 + b, weights=mag, minlength=c * c * 9)
        out.append(np.sqrt(h / (h.sum() + 1e-3)))
    q = img.astype(int) * 6 // 256
    code = (q[..., 0] * 36 + q[..., 1] * 6 + q[..., 2]).ravel()
    out.append(np.sqrt(np.bincount(code, minlength=216) / code.size))
    e = np.bincount(code, weights=mag, minlength=216)
    out.append(np.sqrt(e / (e.sum() + 1e-3)))
    return np.concatenate(out)


def test_pictures_are_separable():
    """A linear classifier on orientation and colour histograms of 100 pictures per class names
    held-out pictures, despite random backgrounds, clutter, position, scale and lighting."""
    k = len(world.CLASSES)
    train = [_image_only(11, "train", i) for i in range(100 * k)]
    test = [_image_only(12, "test", i) for i in range(20 * k)]
    xa = np.stack([_image_features(im) for _, im in train])
    xb = np.stack([_image_features(im) for _, im in test])
    pred = _softmax_regression(xa, np.array([c for c, _ in train]), xb, k)
    acc = np.mean(pred == np.array([c for c, _ in test]))
    assert acc > 0.8, f"held-out picture accuracy {acc:.3f}"


def test_shards_roundtrip(tmp_path):
    from training.world import render
    from training.world.shards import read_shard

    out = tmp_path / "shards"
    render.main(["--out", str(out), "--count", "3", "--seed", "7", "--split", "val", "--duration", "1.024",
                 "--shard-size", "2", "--workers", "2"])
    paths = sorted(out.glob("world-val-*.safetensors"))
    assert [p.name for p in paths] == ["world-val-00000.safetensors", "world-val-00001.safetensors"]
    first, second = read_shard(str(paths[0])), read_shard(str(paths[1]))
    assert first["image"].shape == (2, 64, 64, 3) and first["image"].dtype == np.uint8
    assert first["audio"].shape == (2, 16384) and first["audio"].dtype == np.float32
    assert second["index"].tolist() == [2] and first["classes"] == world.CLASSES
    assert first["world"]["split"] == "val" and first["world"]["sample_rate"] == SR
    ref = world.dataset_sample(7, "val", 2, duration=1.024)
    assert np.array_equal(second["audio"][0], ref.audio) and np.array_equal(second["image"][0], ref.image)
    assert second["captions"] == [ref.caption] and second["count"][0] == ref.count
    assert abs(second["pitch_hz"][0] - ref.pitch_hz) < 1e-3
    with open(out / "index-val.csv") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3 and rows[2]["shard"] == paths[1].name and rows[2]["caption"] == ref.caption


@pytest.mark.skipif(shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None, reason="needs ffmpeg")
def test_videos(tmp_path):
    from training.world import render

    render.main(["--out", str(tmp_path), "--count", "2", "--seed", "3", "--split", "test", "--videos",
                 "--duration", "1.024", "--workers", "1"])
    with open(tmp_path / "videos-test.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["class"] for r in rows] == [world.dataset_sample(3, "test", i, duration=0.5).class_name for i in range(2)]
    path = tmp_path / rows[0]["path"]
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,sample_rate",
                            "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    assert "video" in probe and "audio" in probe and "256" in probe and "16000" in probe
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", "16000", "-"],
                         capture_output=True, check=True).stdout
    audio = np.frombuffer(pcm, dtype=np.float32)
    ref = world.dataset_sample(3, "test", 0, duration=1.024).audio
    n = min(len(audio), len(ref))
    assert n > 0.95 * len(ref) and np.corrcoef(audio[:n], ref[:n])[0, 1] > 0.95


def test_preview(tmp_path):
    from training.world import preview

    out = tmp_path / "p.png"
    preview.main(["--out", str(out), "--per-class", "1", "--duration", "0.5"])
    assert out.exists() and (tmp_path / "p-mel.png").exists()
    assert len(list((tmp_path / "p-wav").glob("*.wav"))) == len(world.CLASSES)
