"""Trains a DALL-E 2 diffusion prior (text embedding -> image embedding) for a CLIP model that has
no public prior, with dalle2-pytorch 1.1.0's DiffusionPriorNetwork / DiffusionPrior (the math the
Swift prior implements), from (caption, image) pairs. With condition dropout (the default) the
network gets a learned null text condition (prior_null.py; `--null-condition`), without which
1.1.0's dropout changes nothing and prior guidance cannot work.

    python3 -m training.clipsonic.train_prior --pairs pairs.csv --clip CLIP_DIR --out PRIOR_RUN --steps 20000

pairs.csv has the columns `caption` and `image` (a PNG/JPEG path, or video.mp4@SECONDS), relative
to the CSV's folder. The first run encodes every pair with the frozen CLIP into
PRIOR_RUN/embeddings.safetensors: the text embedding (L2-normalised), the text encodings (last
hidden state, padding rows zero, tokenised as the engine tokenises: the merges file and OpenAI's
cleaning) and the image embedding (L2-normalised). Then it trains, keeping EMA weights, and writes
PRIOR_RUN/prior.pth (what dalle2-pytorch's DiffusionPriorTrainer saves: `model`, `ema_model`,
`version`, ...) and PRIOR_RUN/prior_config.json, atomically every --save-every steps; running the
same command again resumes. training/convert/prior.py converts the pair into a bundle's prior
(export.py --prior PRIOR_RUN does it for you).
"""
import argparse
import copy
import csv
import json
import os

import torch
from safetensors.torch import load_file

from training.common import atomic
from training.common.loop import GeneratorBatches, TrainingLoop

from .dalle2_import import REFERENCE_VERSION, load_dalle2
from .ema import update_ema
from .prior_null import CONFIG_KEY as NULL_KEY, build_network

CHECKPOINT = "prior.pth"
CONFIG = "prior_config.json"
EMBEDDINGS = "embeddings.safetensors"


def prior_config(dim: int, depth: int, heads: int, dim_head: int, max_text_len: int, timesteps: int = 1000,
                 sample_timesteps: int = 64, cond_drop_prob: float = 0.1, text_encodings: bool = True,
                 learned_null: bool = False) -> dict:
    """The `prior` object of a dalle2-pytorch train config, in the form training/convert/prior.py
    reads and the Swift PriorConfig decodes (LAION's ViT-L/14 prior's structure). `learned_null`
    adds the learned null text condition (prior_null.py), recorded as net.learned_null_condition."""
    net = {"dim": dim, "depth": depth, "num_timesteps": timesteps, "max_text_len": max_text_len,
           "num_time_embeds": 1, "num_image_embeds": 1, "num_text_embeds": 1, "dim_head": dim_head,
           "heads": heads, "ff_mult": 4, "norm_out": True, "attn_dropout": 0.0, "ff_dropout": 0.0,
           "final_proj": True, "normformer": True, "rotary_emb": True}
    if learned_null:
        net[NULL_KEY] = True
    return {
        "net": net,
        "image_embed_dim": dim, "timesteps": timesteps, "sample_timesteps": sample_timesteps,
        "cond_drop_prob": cond_drop_prob, "predict_x_start": True, "beta_schedule": "cosine",
        "condition_on_text_encodings": text_encodings,
    }


def build_prior(cfg: dict):
    """A dalle2-pytorch 1.1.0 DiffusionPrior from a config in the converter's form (its network
    with the learned null condition when the config asks for it)."""
    d2 = load_dalle2()
    net = build_network(d2, cfg["net"])
    keys = ("timesteps", "sample_timesteps", "cond_drop_prob", "predict_x_start", "beta_schedule",
            "condition_on_text_encodings", "sampling_clamp_l2norm", "sampling_final_clamp_l2norm",
            "init_image_embed_l2norm", "image_embed_scale")
    return d2.DiffusionPrior(net, image_embed_dim=cfg["image_embed_dim"], **{k: cfg[k] for k in keys if k in cfg})


# ------------------------------------------------------------------ data


def read_pairs(path: str) -> list:
    """[(caption, image path)] from a CSV with `caption` and `image` columns."""
    base = os.path.dirname(os.path.abspath(path))
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"caption", "image"} <= set(rows[0]):
        raise SystemExit(f"{path}: the CSV needs `caption` and `image` columns and at least one row")
    return [(r["caption"], r["image"] if os.path.isabs(r["image"]) else os.path.join(base, r["image"])) for r in rows]


def load_image(path: str):
    from PIL import Image

    from .video import read_frame

    file, _, at = path.rpartition("@")
    if file and os.path.splitext(file)[1].lower() in (".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v"):
        return read_frame(file, float(at))
    return Image.open(path).convert("RGB")


@torch.no_grad()
def encode_pairs(pairs: list, clip_dir: str, batch: int = 64, log=print) -> dict:
    """CLIP features of every pair; pairs whose picture cannot be read are skipped with a message."""
    from transformers import CLIPModel

    from .clip_encoder import FrozenClipImageEncoder
    from .clip_text import ClipTextEncoder, build_tokenizer

    images = FrozenClipImageEncoder(clip_dir)
    model = CLIPModel.from_pretrained(clip_dir, local_files_only=True).eval()
    text = ClipTextEncoder(model, build_tokenizer(), "openai", model.config.text_config.max_position_embeddings)
    te, enc, ie, lengths = [], [], [], []
    for i in range(0, len(pairs), batch):
        chunk, pictures = [], []
        for caption, path in pairs[i:i + batch]:
            try:
                pictures.append(load_image(path))
                chunk.append(caption)
            except Exception as e:  # an unreadable picture costs one pair, not the run
                log(f"skip {path}: {e}")
        if not chunk:
            continue
        e, h = text.encode(chunk)
        te.append(e)
        enc.append(h)
        lengths += [int(r.any(-1).sum()) for r in h]
        ie.append(images.encode(pictures))
    if not te:
        raise SystemExit("no usable (caption, image) pairs")
    # Zero rows past the longest caption are padding the network replaces anyway: drop them.
    longest = max(lengths)
    return {"text_embed": torch.cat(te), "text_encodings": torch.cat(enc)[:, :longest].contiguous(),
            "image_embed": torch.cat(ie)}


# ------------------------------------------------------------------ training


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", help="CSV with caption,image columns (needed on the first run)")
    ap.add_argument("--clip", required=True, help="Hugging Face CLIP folder (the one the bundle will use)")
    ap.add_argument("--out", required=True, help="run folder")
    ap.add_argument("--depth", type=int, default=12)
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--dim-head", type=int, default=64)
    ap.add_argument("--timesteps", type=int, default=1000)
    ap.add_argument("--sample-timesteps", type=int, default=64)
    ap.add_argument("--cond-drop", type=float, default=0.1)
    ap.add_argument("--null-condition", choices=("learned", "none"), default=None,
                    help="learned: a learned null text condition replaces the dropped text (prior_null.py), so "
                         "prior guidance works; none: dalle2-pytorch 1.1.0 exactly, whose condition dropout "
                         "changes nothing and whose prior refuses guidance (default: learned when --cond-drop > 0)")
    ap.add_argument("--no-text-encodings", action="store_true",
                    help="condition on the text embedding alone (needed when CLIP's text width differs from its projection)")
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1.1e-4)
    ap.add_argument("--ema", type=float, default=0.9999)
    ap.add_argument("--save-every", type=int, default=1000)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(a.seed)
    emb_path = os.path.join(a.out, EMBEDDINGS)
    if not os.path.exists(emb_path):
        if not a.pairs:
            raise SystemExit(f"{emb_path} does not exist yet: pass --pairs CSV to encode the pairs")
        atomic.save_safetensors(encode_pairs(read_pairs(a.pairs), a.clip), emb_path)
    data = load_file(emb_path)
    n, dim = data["image_embed"].shape
    width = data["text_encodings"].shape[-1]
    from transformers import CLIPConfig

    clip_cfg = CLIPConfig.from_pretrained(a.clip)
    use_enc = not a.no_text_encodings
    if use_enc and width != dim:
        raise SystemExit(f"CLIP's text encoder is {width} wide but its embeddings are {dim} wide; "
                         "dalle2-pytorch's prior takes the encodings as they are: pass --no-text-encodings")
    null = a.null_condition or ("learned" if a.cond_drop > 0 else "none")
    if null == "learned" and a.cond_drop <= 0:
        raise SystemExit("--null-condition learned needs condition dropout (--cond-drop > 0) to train the null condition")
    cfg = prior_config(dim, a.depth, a.heads, a.dim_head, clip_cfg.text_config.max_position_embeddings,
                       a.timesteps, a.sample_timesteps, a.cond_drop, use_enc, learned_null=null == "learned")
    ckpt_path, cfg_path = os.path.join(a.out, CHECKPOINT), os.path.join(a.out, CONFIG)
    prior = build_prior(cfg).to(a.device)
    # dalle2-pytorch 1.1.0 multiplies the attention logits, relative-position bias included, by
    # pb_relax_alpha = 128 after scaling q.k down by as much, so the bias's N(0, 1) init makes every
    # attention one-hot on a position the bias picks: the prior then ignores its inputs from the
    # first step. Starting the bias at zero leaves the math (what the engine computes) unchanged.
    with torch.no_grad():
        prior.net.causal_transformer.rel_pos_bias.relative_attention_bias.weight.zero_()
    ema = copy.deepcopy(prior).eval()
    opt = torch.optim.AdamW(prior.net.parameters(), lr=a.lr, weight_decay=6e-2)
    loop = TrainingLoop(ckpt_path, os.path.join(a.out, "log.jsonl"), a.steps, a.save_every, a.log_every,
                        log_last=True, map_location=a.device)
    if os.path.exists(ckpt_path):
        with open(cfg_path) as f:
            saved = json.load(f)["prior"]
        if saved != cfg:
            raise SystemExit(f"{ckpt_path}: was trained with another configuration; use another --out")
    ck = loop.resume()
    if ck is not None:
        prior.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema_model"])
        opt.load_state_dict(ck["optimizer"])
        print(f"resumed from {ckpt_path} at step {loop.step}")
    atomic.save_json({"prior": cfg}, cfg_path)
    for p in ema.parameters():
        p.requires_grad_(False)

    print(f"{n} pairs, prior {sum(p.numel() for p in prior.net.parameters()) / 1e6:.2f} M parameters on {a.device}")
    # Checkpoints from before the loop kept no generator state: those resume with seed + step.
    batches = GeneratorBatches(lambda g: torch.randint(0, n, (min(a.batch, n),), generator=g),
                               torch.Generator().manual_seed(a.seed + loop.step))
    prior.train()

    def train_step(idx, step: int) -> float:
        te = data["text_embed"][idx].to(a.device)
        ie = data["image_embed"][idx].to(a.device).clone()  # DiffusionPrior scales it in place
        kw = {"text_encodings": data["text_encodings"][idx].to(a.device)} if use_enc else {}
        loss = prior(text_embed=te, image_embed=ie, **kw)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(prior.parameters(), 0.5)
        opt.step()
        update_ema(ema, prior, step, a.ema)
        return loss.item()

    def record(step: int, losses: list, seconds: float) -> dict:
        return {"step": step, "loss": sum(losses) / len(losses), "seconds": seconds}

    def state() -> dict:
        # `version` as DiffusionPriorTrainer records it: the converter checks the prior math by it.
        return {"model": prior.state_dict(), "ema_model": ema.state_dict(), "optimizer": opt.state_dict(),
                "version": REFERENCE_VERSION}

    loop.run(batches, train_step, record, state)
    print(f"done at step {loop.step}: {ckpt_path} and {cfg_path}")


if __name__ == "__main__":
    main()
