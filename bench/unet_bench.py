"""Times one step of the benchmark's full-size U-Net (DESIGN.md) in PyTorch on the CPU and prints JSON.

Run from the repo root: python3 bench/unet_bench.py [--threads 2] [--repeats 3] [--frames 256]
Random weights of the real shapes (PRESETS["full"]: 92.4 M parameters, ~314 GFLOP per 1x80x256
sample). "batch1" is an unguided step, "batch2" a guided one (conditional and unconditional in one
batch), as the Swift engine runs them; times are the median of --repeats after one warm-up.
The Swift side (UNetBench.randomFullSize() in Sources/Models/UNet) builds the same shapes.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training.clipsonic.unet import PRESETS, UNet, UNetConfig, conv_flops, count_parameters  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--frames", type=int, default=256)
    ap.add_argument("--batches", default="1,2")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = UNetConfig(**PRESETS["full"])
    model = UNet(cfg).eval()
    result = {
        "bench": "unet_step", "impl": "pytorch", "torch": torch.__version__, "threads": a.threads,
        "config": "full", "input": [1, cfg.n_mels, a.frames], "parameters": count_parameters(model),
        "gflop_per_sample": round(conv_flops(model, cfg.n_mels, a.frames) / 1e9, 1),
    }
    for b in [int(s) for s in a.batches.split(",")]:
        x = torch.randn(b, 1, cfg.n_mels, a.frames)
        t = torch.full((b,), 500)
        clip = torch.randn(b, cfg.clip_dim)
        times = []
        with torch.inference_mode():
            model(x, t, clip)
            for _ in range(a.repeats):
                start = time.perf_counter()
                model(x, t, clip)
                times.append(time.perf_counter() - start)
        sec = statistics.median(times)
        result[f"batch{b}_seconds"] = round(sec, 4)
        result[f"batch{b}_gflops_per_s"] = round(b * result["gflop_per_sample"] / sec, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
