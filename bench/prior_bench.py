"""Times dalle2-pytorch 1.1.0 sampling LAION's ViT-L/14 diffusion prior (random weights of the
real shapes) on the CPU: DiffusionPrior.sample, 64 DDIM steps, 2 candidates, one prompt, the way
the Swift engine's PriorSampler does it. Prints one JSON object.

    python3 bench/prior_bench.py [--threads 2] [--steps 64] [--candidates 2] [--repeats 1]

Needs what training/fixtures/gen_prior.py needs (dalle2-pytorch 1.1.0 installed --no-deps).
`seconds` is cond_scale 1 (one forward pass per step); `seconds_guided` is cond_scale 2, where
1.1.0 runs the network twice per step although the second pass returns the same values.
"""
import argparse
import importlib.util
import json
import os
import sys
import time

os.environ.setdefault("TQDM_DISABLE", "1")

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=64)
    p.add_argument("--candidates", type=int, default=2)
    p.add_argument("--repeats", type=int, default=1, help="timed runs; the fastest is reported")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    gen = load("training/fixtures/gen_prior.py", "gen_prior")
    conv = load("training/convert/prior.py", "convert_prior")
    d2 = gen.load_reference()
    with open(os.path.join(ROOT, "Tests", "Fixtures", "prior", "laion_vit_l14_config.json")) as f:
        cfg = conv.normalize_config(json.load(f))
    prior = gen.build_prior(d2, cfg)
    dim, tokens = cfg["net"]["dim"], cfg["net"]["max_text_len"]
    embed = torch.randn(1, dim)
    embed = embed / embed.norm(dim=-1, keepdim=True)
    enc = torch.zeros(1, tokens, dim)
    enc[:, :12] = torch.randn(1, 12, dim)  # a 12-token prompt; the rest is padding
    prior.clip = gen.FixedTextClip(embed, enc)
    text = torch.zeros(1, 1, dtype=torch.long)

    def run(cond_scale, steps):
        best = float("inf")
        for _ in range(a.repeats):
            start = time.perf_counter()
            with torch.inference_mode():
                out = prior.sample(text, num_samples_per_batch=a.candidates, cond_scale=cond_scale, timesteps=steps)
            best = min(best, time.perf_counter() - start)
            assert out.shape == (1, dim) and torch.isfinite(out).all()
        return best

    run(1.0, 2)  # warm-up: allocator, thread pool
    result = {
        "bench": "prior", "reference": "dalle2-pytorch 1.1.0", "config": "laion_vit_l14",
        "torch": torch.__version__, "threads": a.threads, "steps": a.steps, "candidates": a.candidates,
        "seconds": round(run(1.0, a.steps), 3),
        "seconds_guided": round(run(2.0, a.steps), 3), "cond_scale_guided": 2.0,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
