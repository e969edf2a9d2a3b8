"""Shared fixtures: generated videos, a tiny random CLIP, a dataset built from them and a short
training run, made once per test session in a temporary folder.

Run from the repository root: python3 -m pytest training/tests
"""
import os
import shutil
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
for p in (ROOT, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

import synthetic_media  # noqa: E402
import torch  # noqa: E402

# The networks here are tiny: one thread is as fast as two, and OpenMP's spinning threads slow
# down by 10x when the machine's cores are busy with other work.
torch.set_num_threads(1)

# Small mels keep every step fast: 16 bands, 64 frames of 128 samples (0.51 s at 16 kHz).
AUDIO_ARGS = ["--n-fft", "512", "--hop", "128", "--n-mels", "16", "--frames", "64"]
SWIFT_CLI = os.path.join(ROOT, ".build", "debug", "clipsonic")


def subprocess_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


@pytest.fixture(scope="session")
def need_ffmpeg():
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        pytest.skip("ffmpeg/ffprobe are not installed (apt-get install ffmpeg)")


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("training")


@pytest.fixture(scope="session")
def videos(work, need_ffmpeg):
    """Four good videos (3 s each: 5 clips each) in one folder."""
    folder = str(work / "videos")
    synthetic_media.make_video_set(folder, 4, segments=3, seconds_each=1.0, seed=0)
    return folder


@pytest.fixture(scope="session")
def broken_videos(work, need_ffmpeg):
    return synthetic_media.make_broken_videos(str(work / "broken"))


@pytest.fixture(scope="session")
def clip_dir(work):
    return synthetic_media.tiny_clip(str(work / "clip"), seed=0)


@pytest.fixture(scope="session")
def dataset(work, videos, clip_dir):
    from training.clipsonic import build_dataset

    out = str(work / "data")
    build_dataset.main(["--videos", videos, "--clip", clip_dir, "--out", out, "--videos-per-shard", "2", *AUDIO_ARGS])
    return out


@pytest.fixture(scope="session")
def trained_run(work, dataset):
    """40 steps of the tiny U-Net: enough for the EMA weights to differ from their start."""
    from training.clipsonic import train_unet

    out = str(work / "run")
    train_unet.main(["--data", dataset, "--out", out, "--preset", "tiny", "--steps", "40", "--batch", "8",
                     "--warmup", "5", "--log-every", "10", "--save-every", "20", "--ema", "0.9"])
    return out


@pytest.fixture(scope="session")
def swift_cli():
    if not os.access(SWIFT_CLI, os.X_OK):
        pytest.skip(f"{SWIFT_CLI} is not built: run `swift build --product clipsonic` first "
                    "(CI builds it before pytest)")
    return SWIFT_CLI
