"""PyTorch reference time for BigVGAN at full size on 4 s of audio, as JSON.

    python3 bench/bigvgan_bench.py [--threads 2] [--seconds 4] [--runs 3] [--config 22khz]

Builds NVIDIA's generator from the `bigvgan` package (PyPI 2.4.1, torch activation path, no
CUDA kernel) with the shapes of bigvgan_v2_22khz_80band_256x (or 44khz_128band_512x), random
weights, weight norm removed as for inference, and times `model(mel)` under
torch.inference_mode for a mel of ceil(seconds * sr / hop) frames. One warm-up run, then `runs`
timed runs; JSON on stdout with every run, the median and the real-time factor. The Swift side
is timed in the bench executable on `BigVGAN.random()` (same shapes) for the same frame count.
"""

import argparse
import contextlib
import io
import json
import math
import platform
import statistics
import time

import torch

from bigvgan.bigvgan import BigVGAN
from bigvgan.env import AttrDict

CONFIGS = {
    "22khz": dict(name="bigvgan_v2_22khz_80band_256x", num_mels=80, sampling_rate=22050, hop=256,
                  upsample_rates=[4, 4, 2, 2, 2, 2], upsample_kernel_sizes=[8, 8, 4, 4, 4, 4],
                  upsample_initial_channel=1536),
    "44khz": dict(name="bigvgan_v2_44khz_128band_512x", num_mels=128, sampling_rate=44100, hop=512,
                  upsample_rates=[8, 4, 2, 2, 2, 2], upsample_kernel_sizes=[16, 8, 4, 4, 4, 4],
                  upsample_initial_channel=1536),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--config", default="22khz", choices=sorted(CONFIGS))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    c = CONFIGS[args.config]
    h = AttrDict(dict(num_mels=c["num_mels"], upsample_rates=c["upsample_rates"],
                      upsample_kernel_sizes=c["upsample_kernel_sizes"],
                      upsample_initial_channel=c["upsample_initial_channel"], resblock="1",
                      resblock_kernel_sizes=[3, 7, 11], resblock_dilation_sizes=[[1, 3, 5]] * 3,
                      activation="snakebeta", snake_logscale=True, use_tanh_at_final=False,
                      use_bias_at_final=False))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        model = BigVGAN(h)
        model.remove_weight_norm()
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    frames = math.ceil(args.seconds * c["sampling_rate"] / c["hop"])
    mel = torch.randn(1, c["num_mels"], frames) - 4.0
    times = []
    with torch.inference_mode():
        model(mel[..., :32])  # warm-up: allocator, thread pool, kernels
        for _ in range(args.runs):
            start = time.perf_counter()
            audio = model(mel)
            times.append(time.perf_counter() - start)
    audio_seconds = audio.shape[-1] / c["sampling_rate"]
    median = statistics.median(times)
    print(json.dumps({
        "benchmark": "bigvgan", "implementation": "pytorch", "model": c["name"], "weights": "random",
        "parameters": params, "threads": args.threads, "frames": frames, "samples": audio.shape[-1],
        "audio_seconds": audio_seconds, "runs_seconds": [round(t, 4) for t in times],
        "median_seconds": round(median, 4), "real_time_factor": round(audio_seconds / median, 3),
        "torch": torch.__version__, "machine": platform.machine(),
    }, indent=2))


if __name__ == "__main__":
    main()
