"""Writes the prior's training pairs (caption text embedding and encodings, picture embedding),
already computed by training.mini.embed, in the form train_prior.py reads
(PRIOR_RUN/embeddings.safetensors), so the prior trains on exactly what the engine computes.

    python3 -m training.mini.prior_pairs --data work/mini --out work/mini/prior-run
"""
import argparse
import os

import torch

from training.common import atomic


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    d = torch.load(os.path.join(a.data, "prior-train.pt"), weights_only=False)
    enc = d["text_encodings"].float()
    # Rows past the longest caption are padding, which the prior replaces anyway.
    longest = int((enc.abs().sum(-1) > 0).sum(-1).max())
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "embeddings.safetensors")
    atomic.save_safetensors({"text_embed": d["text_embed"].float().contiguous(),
                             "text_encodings": enc[:, :longest].contiguous(),
                             "image_embed": d["image_embed"].float().contiguous()}, path)
    print(f"{path}: {len(enc)} pairs, captions up to {longest} tokens")


if __name__ == "__main__":
    main()
