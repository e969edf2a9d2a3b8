"""Encodes the rendered world with the trained tiny CLIP:
- U-Net pairs (picture embedding, mel) as dataset shards (training/clipsonic/shards.py), the
  input of training/clipsonic/train_unet.py — pictures only, never text, as in CLIPSonic;
- prior pairs (caption text embedding and encodings, picture embedding) for the diffusion prior.

    python3 -m training.mini.embed --data work/mini --clip work/mini/clip

--prior-only writes only the prior pairs (retraining the prior alone), --unet-only only the U-Net
shards (training the audio encoder alone: its pairs are the U-Net's, and the captions are never
encoded).
"""
import argparse
import os

import torch
import torch.nn.functional as F

from training.clipsonic.clip_text import ClipTextEncoder, build_tokenizer
from training.clipsonic.shards import write_shard
from training.common import atomic
from training.mini import data as world_data
from training.mini.train_clip import image_embeddings as embed_images, pixels


@torch.no_grad()
def image_embeddings(model, images: torch.Tensor, batch: int = 512) -> torch.Tensor:
    out = [embed_images(model, pixels(images[i:i + batch])) for i in range(0, len(images), batch)]
    return torch.cat(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--clip", required=True, help="the tiny CLIP folder (training.mini.train_clip)")
    ap.add_argument("--shard-size", type=int, default=4000)
    ap.add_argument("--prior-only", action="store_true",
                    help="only the prior pairs (prior-SPLIT.pt), no U-Net shards: for retraining the prior alone")
    ap.add_argument("--unet-only", action="store_true",
                    help="only the U-Net shards (unet-SPLIT/), no prior pairs: for training the audio encoder alone")
    a = ap.parse_args(argv)
    if a.prior_only and a.unet_only:
        ap.error("--prior-only and --unet-only exclude each other")
    from transformers import CLIPModel

    model = CLIPModel.from_pretrained(a.clip, local_files_only=True).eval()
    tok = build_tokenizer()
    for split in ("train", "val", "test"):
        d = torch.load(world_data.path(a.data, split), weights_only=False)
        emb = image_embeddings(model, d["images"])
        folder = os.path.join(a.data, f"unet-{split}")
        for k, i in enumerate(range(0, 0 if a.prior_only else len(emb), a.shard_size)):
            sl = slice(i, i + a.shard_size)
            write_shard(os.path.join(folder, f"shard-{k:05d}.safetensors"), emb[sl], d["mels"][sl].float(),
                        [f"world-{split}-{j}" for j in range(sl.start, min(sl.stop, len(emb)))], d["audio"])
        if a.unet_only:
            print(f"{split}: {len(emb)} embeddings (U-Net shards only)")
            continue
        encoder = ClipTextEncoder(model, tok)
        parts = [encoder.encode(d["captions"][i:i + 512]) for i in range(0, len(d["captions"]), 512)]
        text_emb = torch.cat([p[0] for p in parts])
        text_enc = torch.cat([p[1] for p in parts])
        mask = text_enc.abs().sum(-1) > 0
        atomic.save_torch({"text_embed": text_emb, "text_encodings": text_enc.half(), "text_mask": mask,
                           "image_embed": emb, "classes": d["classes"]}, os.path.join(a.data, f"prior-{split}.pt"))
        print(f"{split}: {len(emb)} embeddings")


if __name__ == "__main__":
    main()
