"""Trains the mel U-Net on (frame embedding, mel) pairs — never text — with condition dropout
for classifier-free guidance, EMA weights, checkpoints and resume.

One CPU or GPU:
    python3 -m training.clipsonic.train_unet --data DATA_DIR --out RUN_DIR --preset small --steps 20000
Several GPUs or machines (PyTorch's own distributed training; gloo on CPUs, nccl on GPUs):
    torchrun --nproc_per_node 4 -m training.clipsonic.train_unet --data DATA_DIR --out RUN_DIR ...

RUN_DIR/checkpoint.pt is written atomically every --save-every steps and on exit; running the
same command again resumes from it (training/common/loop.py). Losses go to RUN_DIR/log.jsonl,
sample mels to RUN_DIR/samples/.
"""
import argparse
import copy
import json
import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from training.common.loop import EpochBatches, TrainingLoop, setup_distributed

from .audio import AudioConfig
from .diffusion_training import DiffusionTrainer
from .ema import update_ema
from .shards import ShardDataset
from .unet import UNet, UNetConfig, PRESETS


COND_PREFIXES = ("clip_proj.", "null_embedding", "context_proj.")


def param_groups(model, cond_lr_mult: float) -> list:
    """Two groups: the conditioning path (CLIP projection, null embedding, cross-attention context)
    and the rest. The CLIP embedding is L2-normalised, so its components are small (1/sqrt(dim))
    and Adam, whose steps are about lr whatever the gradient's scale, grows the projection of a
    default-initialised clip_proj slowly: measured on models/mini, its weights had barely left
    their initial range after 1200 steps while the loss had flattened. A larger rate for that
    small part lets the condition take effect sooner."""
    cond = [p for n, p in model.named_parameters() if n.startswith(COND_PREFIXES)]
    rest = [p for n, p in model.named_parameters() if not n.startswith(COND_PREFIXES)]
    return [{"params": rest, "lr_mult": 1.0}, {"params": cond, "lr_mult": cond_lr_mult}]


def load_optimizer(opt, saved: dict, model):
    """Loads an optimizer state, also one saved with a single parameter group (checkpoints made
    before the groups existed), renumbering its parameters into the current groups. Each group
    keeps its current lr_mult, so a resumed run can change --cond-lr-mult."""
    order = {id(p): i for i, p in enumerate(model.parameters())}
    if len(saved["param_groups"]) == 1 and len(opt.param_groups) > 1:
        state, groups, j = {}, [], 0
        old = saved["param_groups"][0]
        for g in opt.param_groups:
            ids = []
            for p in g["params"]:
                if order[id(p)] in saved["state"]:
                    state[j] = saved["state"][order[id(p)]]
                ids.append(j)
                j += 1
            groups.append({**{k: v for k, v in old.items() if k != "params"}, "lr_mult": g["lr_mult"], "params": ids})
        saved = {"state": state, "param_groups": groups}
    else:
        saved = {"state": saved["state"], "param_groups": [
            {**sg, "lr_mult": g["lr_mult"]} for sg, g in zip(saved["param_groups"], opt.param_groups)]}
    opt.load_state_dict(saved)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder of shard-*.safetensors from build_dataset")
    ap.add_argument("--out", required=True, help="run folder: checkpoint, log, samples")
    ap.add_argument("--preset", default="small", choices=sorted(PRESETS), help="U-Net size")
    ap.add_argument("--config", help="JSON file with U-Net config overrides")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=32, help="per process")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--cond-lr-mult", type=float, default=1.0,
                    help="learning-rate multiplier of the conditioning path (clip_proj, null embedding, context)")
    ap.add_argument("--cond-drop", type=float, default=0.1, help="probability of the null embedding")
    ap.add_argument("--ema", type=float, default=0.999)
    ap.add_argument("--prediction", default="v", choices=["eps", "v", "x0"])
    ap.add_argument("--schedule", default="cosine", choices=["cosine", "linear"])
    ap.add_argument("--timesteps", type=int, default=1000)
    ap.add_argument("--save-every", type=int, default=500)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--sample-every", type=int, default=0, help="0: only at the end")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="CPU threads per process (0: PyTorch's default)")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    world, rank, device = setup_distributed()
    torch.manual_seed(a.seed + rank)
    data = ShardDataset(a.data)
    audio = AudioConfig.from_json(data.audio)
    overrides = {}
    if a.config:
        with open(a.config) as f:
            overrides = json.load(f)
    cfg = UNetConfig(**{**PRESETS[a.preset], "clip_dim": data.embeddings.shape[1], "n_mels": audio.n_mels,
                        **overrides})
    os.makedirs(a.out, exist_ok=True)
    ckpt_path = os.path.join(a.out, "checkpoint.pt")

    model = UNet(cfg).to(device)
    ema = copy.deepcopy(model).eval()
    opt = torch.optim.AdamW(param_groups(model, a.cond_lr_mult), lr=a.lr, weight_decay=0.0)
    loop = TrainingLoop(ckpt_path, os.path.join(a.out, "log.jsonl"), a.steps, a.save_every, a.log_every,
                        rank=rank, world=world, map_location=device)
    ck = loop.resume()
    if ck is not None:
        if ck["unet_config"] != cfg.to_dict():
            raise SystemExit(f"{ckpt_path}: was trained with another U-Net config; use another --out")
        model.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema"])
        load_optimizer(opt, ck["opt"], model)
        if rank == 0:
            print(f"resumed from {ckpt_path} at step {loop.step}")
    for p in ema.parameters():
        p.requires_grad_(False)
    net = DistributedDataParallel(model) if world > 1 else model
    trainer = DiffusionTrainer(schedule=a.schedule, timesteps=a.timesteps, prediction=a.prediction)

    sampler = torch.utils.data.distributed.DistributedSampler(data, shuffle=True, seed=a.seed) if world > 1 else None
    loader = torch.utils.data.DataLoader(data, batch_size=a.batch, shuffle=sampler is None, sampler=sampler,
                                         drop_last=len(data) >= a.batch * world, num_workers=0)
    n_params = sum(p.numel() for p in model.parameters())
    if rank == 0:
        print(f"{len(data)} pairs, U-Net {n_params / 1e6:.2f} M parameters, {world} process(es) on {device}")

    def lr_at(step: int) -> float:
        """Linear warm-up over --warmup steps; `step` counts the steps done including this one."""
        return a.lr * min(1.0, step / max(1, a.warmup))

    def train_step(batch, step: int) -> float:
        emb, mel = batch
        emb, mel = emb.to(device), mel.to(device).unsqueeze(1)
        lr = lr_at(step + 1)
        for g in opt.param_groups:
            g["lr"] = lr * g["lr_mult"]
        drop = torch.rand(emb.shape[0], device=device) < a.cond_drop
        loss = trainer.loss(net, mel, emb, drop)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        update_ema(ema, model, step, a.ema)
        return loss.item()

    def record(step: int, losses: list, seconds: float) -> dict:
        return {"step": step, "loss": sum(losses) / len(losses), "lr": lr_at(step), "seconds": seconds}

    def state() -> dict:
        return {"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                "unet_config": cfg.to_dict(), "audio": audio.to_json(), "diffusion": trainer.to_json(),
                "clip": data.clip or {}}

    def samples(step: int):
        # Before the step's checkpoint, so that the random numbers sampling draws are in it.
        if rank == 0 and a.sample_every and step % a.sample_every == 0:
            trainer.write_samples(ema, data, audio, os.path.join(a.out, "samples"), step)

    loop.run(EpochBatches(loader, sampler), train_step, record, state, samples)
    if rank == 0:
        trainer.write_samples(ema, data, audio, os.path.join(a.out, "samples"), loop.step)
        print(f"done at step {loop.step}: {ckpt_path}")
    if dist.is_initialized():
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
