"""Trains the world's tiny CLIP on (picture, caption) pairs with CLIP's contrastive loss, using
the real CLIP tokenizer, and saves it as a Hugging Face CLIPModel folder (save_pretrained), the
format every other step (dataset embeddings, prior training, export) reads.

    python3 -m training.mini.train_clip --data work/mini --out work/mini/clip --steps 2000

A checkpoint (RUN/checkpoint.pt, every --save-every steps) and the log (RUN/log.jsonl) go to the
run folder, OUT-run unless --run says otherwise; running the same command again resumes there
(training/common/loop.py). The finished model replaces OUT whole, with the log as train_log.json.
"""
import argparse
import json
import os

import torch
import torch.nn.functional as F

from training.clipsonic.clip_text import END, build_tokenizer, openai_clean
from training.common import atomic
from training.common.loop import TrainingLoop
from training.mini import data as world_data

MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)

# Small enough for models/mini's size budget: the text tower's 49,408-token embedding is most
# of it, so the text width is 64; pictures are 64 x 64 in 8 x 8 patches.
CONFIG = {
    "projection_dim": 64,
    "text_config": {"vocab_size": 49408, "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 4,
                    "num_attention_heads": 4, "max_position_embeddings": 77, "hidden_act": "quick_gelu",
                    "bos_token_id": 49406, "eos_token_id": 49407, "pad_token_id": 0},
    "vision_config": {"hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4,
                      "image_size": 64, "patch_size": 8, "hidden_act": "quick_gelu"},
}


def encode(tok, texts) -> torch.Tensor:
    """Captions -> ids [B, L], padded with <|endoftext|> to the longest (the text tower pools at
    the first end token, and its causal mask hides what follows, so this equals padding to 77)."""
    rows = [tok(openai_clean(t), max_length=77, truncation=True)["input_ids"] for t in texts]
    width = max(len(r) for r in rows)
    return torch.tensor([r + [END] * (width - len(r)) for r in rows])


def pixels(images_uint8: torch.Tensor) -> torch.Tensor:
    """[B, H, W, 3] uint8 -> CLIP-normalised [B, 3, H, W] (the pictures are already 64 x 64)."""
    x = images_uint8.permute(0, 3, 1, 2).float() / 255
    return (x - MEAN) / STD


def make_model():
    from transformers import CLIPConfig, CLIPModel

    cfg = CLIPConfig(text_config=CONFIG["text_config"], vision_config=CONFIG["vision_config"],
                     projection_dim=CONFIG["projection_dim"])
    return CLIPModel(cfg)


def text_embeddings(model, ids: torch.Tensor) -> torch.Tensor:
    """L2-normalised projected text embeddings (what the engine computes)."""
    return F.normalize(model.text_projection(model.text_model(input_ids=ids).pooler_output), dim=-1)


def image_embeddings(model, px: torch.Tensor) -> torch.Tensor:
    """L2-normalised projected image embeddings."""
    return F.normalize(model.visual_projection(model.vision_model(pixel_values=px).pooler_output), dim=-1)


@torch.no_grad()
def zero_shot_accuracy(model, tok, d, n: int = 700) -> float:
    """Picture -> class by the nearest class prompt, as CLIP's zero-shot classification."""
    model.eval()
    prompts = [f"a photo of a {c}" for c in d["class_names"]]
    t = text_embeddings(model, encode(tok, prompts))
    v = image_embeddings(model, pixels(d["images"][:n]))
    acc = ((v @ t.T).argmax(-1) == d["classes"][:n]).float().mean().item()
    model.train()
    return acc


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder with world-train.pt / world-val.pt (training.mini.data)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--run", help="checkpoint and log folder (default: OUT-run)")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--save-every", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    run = a.run or os.path.normpath(a.out) + "-run"
    torch.manual_seed(a.seed)
    train = torch.load(world_data.path(a.data, "train"), weights_only=False)
    val = torch.load(world_data.path(a.data, "val"), weights_only=False)
    tok = build_tokenizer()
    model = make_model()
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.steps, pct_start=0.05)
    log_path = os.path.join(run, "log.jsonl")
    loop = TrainingLoop(os.path.join(run, "checkpoint.pt"), log_path, a.steps, a.save_every, 50, log_last=True)
    ck = loop.resume()
    if ck is not None:
        if ck["total_steps"] != a.steps:
            # The one-cycle schedule is laid out over the whole run: another length is another schedule.
            raise SystemExit(f"{run}: a run of {ck['total_steps']} steps; pass --steps {ck['total_steps']} or another --run")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        print(f"resumed from {run} at step {loop.step}")
    n = len(train["captions"])

    def batches():
        while True:
            yield torch.randint(0, n, (a.batch,))

    def train_step(idx, step: int) -> float:
        ids = encode(tok, [train["captions"][i] for i in idx])
        out = model(input_ids=ids, pixel_values=pixels(train["images"][idx]), return_loss=True)
        opt.zero_grad(set_to_none=True)
        out.loss.backward()
        opt.step()
        sched.step()
        return out.loss.item()

    def record(step: int, losses: list, seconds: float) -> dict:
        rec = {"step": step, "loss": round(losses[-1], 4), "seconds": seconds}
        if step % 250 == 0 or step == a.steps:
            rec["val_zero_shot_accuracy"] = round(zero_shot_accuracy(model, tok, val), 4)
        return rec

    def state() -> dict:
        return {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                "total_steps": a.steps}

    loop.run(batches(), train_step, record, state)
    with open(log_path) as f:
        log = [json.loads(line) for line in f if line.strip()]

    def write(folder):
        model.save_pretrained(folder)
        with open(os.path.join(folder, "train_log.json"), "w") as f:
            json.dump(log, f, indent=1)

    atomic.replace_folder(a.out, write)
    print(f"saved {a.out}")


if __name__ == "__main__":
    main()
