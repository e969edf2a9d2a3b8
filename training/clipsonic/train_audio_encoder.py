"""Trains the audio encoder (training/clipsonic/audio_encoder.py) into the frozen CLIP image space,
Wav2CLIP-style: each shard pair's mel against the CLIP image embedding of its video frame (the
dataset builder's shards; no text), by a symmetric InfoNCE loss with a learned temperature, plus
an optional cosine regression onto the paired embedding (--cosine-weight).

    python3 -m training.clipsonic.train_audio_encoder --data DATA_DIR --out RUN_DIR --steps 2000

The temperature is CLIP's: a learned log-scale, logits = exp(logit_scale) * cos, started at
log(1/0.07) and clamped to [0, log 100] after every step. The batch's other pairs are its
negatives; under torchrun each process contrasts its own batch (no gather across processes).

RUN_DIR/checkpoint.pt is written atomically every --save-every steps and at the end; running the
same command again resumes from it exactly (training/common/loop.py). Losses go to
RUN_DIR/log.jsonl. `export --audio-encoder RUN_DIR/checkpoint.pt` puts the encoder in a bundle.
"""
import argparse
import math
import os

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from training.common.loop import EpochBatches, TrainingLoop, setup_distributed

from .audio import AudioConfig
from .audio_encoder import AudioEncoder, AudioEncoderConfig
from .shards import ShardDataset

# CLIP's initial temperature 0.07 and its cap of 100 on the logit scale (Radford et al. 2021).
INITIAL_LOGIT_SCALE = math.log(1 / 0.07)
MAX_LOGIT_SCALE = math.log(100.0)


class Contrastive(nn.Module):
    """The encoder and the temperature in one module, so DDP averages both gradients."""

    def __init__(self, encoder: AudioEncoder):
        super().__init__()
        self.encoder = encoder
        self.logit_scale = nn.Parameter(torch.tensor(INITIAL_LOGIT_SCALE))

    def forward(self, mel):
        return self.encoder(mel), self.logit_scale.exp()


def losses(audio_emb, image_emb, scale):
    """(InfoNCE over both directions, mean 1 - cosine with the paired embedding)."""
    logits = scale * audio_emb @ image_emb.t()
    target = torch.arange(len(logits), device=logits.device)
    nce = (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2
    cosine = (1 - (audio_emb * image_emb).sum(-1)).mean()
    return nce, cosine


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder of shard-*.safetensors from build_dataset")
    ap.add_argument("--out", required=True, help="run folder: checkpoint and log")
    ap.add_argument("--channels", type=int, nargs="+", default=[32, 64, 128, 128], help="conv block widths")
    ap.add_argument("--norm-groups", type=int, default=8)
    ap.add_argument("--hidden-dim", type=int, default=256)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=64, help="per process; the other pairs are the negatives")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--cosine-weight", type=float, default=0.0,
                    help="weight of the cosine regression onto the paired CLIP embedding (0: InfoNCE only)")
    ap.add_argument("--save-every", type=int, default=500)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="CPU threads per process (0: PyTorch's default)")
    a = ap.parse_args(argv)
    if a.batch < 2:
        ap.error("--batch must be at least 2: a contrastive batch needs negatives")
    return a


def main(argv=None):
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    world, rank, device = setup_distributed()
    torch.manual_seed(a.seed + rank)
    data = ShardDataset(a.data)
    audio = AudioConfig.from_json(data.audio)
    cfg = AudioEncoderConfig(n_mels=audio.n_mels, channels=a.channels, norm_groups=a.norm_groups,
                             hidden_dim=a.hidden_dim, embed_dim=data.embeddings.shape[1])
    os.makedirs(a.out, exist_ok=True)
    ckpt_path = os.path.join(a.out, "checkpoint.pt")

    model = Contrastive(AudioEncoder(cfg)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    loop = TrainingLoop(ckpt_path, os.path.join(a.out, "log.jsonl"), a.steps, a.save_every, a.log_every,
                        rank=rank, world=world, map_location=device)
    ck = loop.resume()
    if ck is not None:
        if ck["encoder_config"] != cfg.to_dict():
            raise SystemExit(f"{ckpt_path}: was trained with another encoder config; use another --out")
        model.encoder.load_state_dict(ck["model"])
        with torch.no_grad():
            model.logit_scale.copy_(ck["logit_scale"])
        opt.load_state_dict(ck["opt"])
        if rank == 0:
            print(f"resumed from {ckpt_path} at step {loop.step}")
    net = DistributedDataParallel(model) if world > 1 else model

    sampler = torch.utils.data.distributed.DistributedSampler(data, shuffle=True, seed=a.seed) if world > 1 else None
    # Always whole batches: a last batch of one pair has no negative.
    loader = torch.utils.data.DataLoader(data, batch_size=a.batch, shuffle=sampler is None, sampler=sampler,
                                         drop_last=True, num_workers=0)
    if len(loader) == 0:
        raise SystemExit(f"{a.data}: {len(data)} pairs do not fill one batch of {a.batch} per process; lower --batch")
    if rank == 0:
        n_params = sum(p.numel() for p in model.encoder.parameters())
        print(f"{len(data)} pairs, audio encoder {n_params / 1e6:.3f} M parameters "
              f"({2 * n_params / 1e6:.2f} MB in f16), {world} process(es) on {device}")

    def lr_at(step: int) -> float:
        return a.lr * min(1.0, step / max(1, a.warmup))

    def train_step(batch, step: int) -> float:
        emb, mel = batch
        emb, mel = emb.to(device), mel.to(device)
        for g in opt.param_groups:
            g["lr"] = lr_at(step + 1)
        audio_emb, scale = net(mel)
        nce, cosine = losses(audio_emb, emb, scale)
        loss = nce + a.cosine_weight * cosine
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, MAX_LOGIT_SCALE)
        return loss.item()

    def record(step: int, window: list, seconds: float) -> dict:
        return {"step": step, "loss": sum(window) / len(window), "temperature": math.exp(-model.logit_scale.item()),
                "lr": lr_at(step), "seconds": seconds}

    def state() -> dict:
        return {"model": model.encoder.state_dict(), "logit_scale": model.logit_scale.detach().clone(),
                "opt": opt.state_dict(), "encoder_config": cfg.to_dict(), "audio": audio.to_json(),
                "clip": data.clip or {}}

    loop.run(EpochBatches(loader, sampler), train_step, record, state)
    if rank == 0:
        print(f"done at step {loop.step}: {ckpt_path}")
    if dist.is_initialized():
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
