"""Evaluates a bundle on held-out (frame embedding, mel) pairs: generates a mel from each pair's
CLIP frame embedding (image mode, through the PyTorch reference of the engine) and reports the
mean squared error to the real mel, in the normalised units the U-Net works in.

    python3 -m training.clipsonic.evaluate --bundle BUNDLE --data HELDOUT_DATA [--limit 64] [--steps 25]

HELDOUT_DATA is a dataset folder built by build_dataset.py from videos the U-Net never saw, with
the bundle's CLIP. A generative model is not expected to reproduce the exact mel, so the figure
means little alone; two baselines frame it:
  shuffled  the same model given another pair's embedding: if conditioning helps, this is worse;
  mean      every real mel compared with the held-out set's mean mel (a strong, blurry guess).
Prints one JSON object: {"pairs", "mse", "mse_shuffled", "mse_mean_mel", "steps", "guidance"}.
"""
import argparse
import json
import sys

import torch

from .reference_pipeline import BundleError, ReferencePipeline
from .shards import ShardDataset


def evaluate(bundle: str, data: str, limit: int = 64, steps: int = 25, guidance: float = 3.0, seed: int = 0,
             batch: int = 16) -> dict:
    pipe = ReferencePipeline(bundle)
    ds = ShardDataset(data)
    if ds.embeddings.shape[1] != pipe.unet.config.clip_dim:
        raise BundleError(f"{data}: embeddings are {ds.embeddings.shape[1]} wide, the bundle's U-Net takes "
                          f"{pipe.unet.config.clip_dim}; build the held-out set with the bundle's CLIP")
    if tuple(ds.mels.shape[1:]) != (pipe.audio.n_mels, pipe.audio.frames):
        raise BundleError(f"{data}: mels are {list(ds.mels.shape[1:])}, the bundle makes "
                          f"[{pipe.audio.n_mels}, {pipe.audio.frames}]; build the held-out set with the bundle's audio settings")
    n = min(limit, len(ds))
    emb, real = ds.embeddings[:n], ds.mels[:n]
    # Another pair's embedding for each pair: a fixed derangement (rotation by half the set).
    shuffled = torch.roll(emb, shifts=max(1, n // 2), dims=0)
    made, made_shuffled = [], []
    for i in range(0, n, batch):
        made.append(pipe.sample(emb[i:i + batch], seed + i, steps, guidance).reshape(-1, *real.shape[1:]))
        made_shuffled.append(pipe.sample(shuffled[i:i + batch], seed + i, steps, guidance).reshape(-1, *real.shape[1:]))
    made, made_shuffled = torch.cat(made), torch.cat(made_shuffled)
    mean_mel = real.mean(0, keepdim=True)
    return {"pairs": n, "mse": ((made - real) ** 2).mean().item(),
            "mse_shuffled": ((made_shuffled - real) ** 2).mean().item(),
            "mse_mean_mel": ((mean_mel - real) ** 2).mean().item(), "steps": steps, "guidance": guidance}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--data", required=True, help="held-out dataset folder (build_dataset.py output)")
    ap.add_argument("--limit", type=int, default=64, help="pairs to evaluate")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    try:
        result = evaluate(a.bundle, a.data, a.limit, a.steps, a.guidance, a.seed)
    except (BundleError, FileNotFoundError, ValueError) as e:
        sys.exit(f"evaluate: {e}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
