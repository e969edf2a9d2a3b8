"""The diffusion objective and a small DDIM sampler for training-time samples.

The schedule comes from schedules.py, formed as diffusers and the Swift samplers form it, so an
exported model samples in Swift with the coefficients it was trained with.
"""
import os

import torch
import torch.nn.functional as F

from training.common import atomic

from . import schedules


class DiffusionTrainer:
    def __init__(self, schedule: str = "cosine", timesteps: int = 1000, prediction: str = "v"):
        self.schedule, self.timesteps, self.prediction = schedule, timesteps, prediction
        self.alphas_cumprod = schedules.alphas_cumprod(schedule, timesteps)

    def to_json(self) -> dict:
        """The bundle's `unet.schedule` object."""
        return schedules.bundle_schedule(self.schedule, self.timesteps, self.prediction)

    def loss(self, net, x0: torch.Tensor, emb: torch.Tensor, drop: torch.Tensor) -> torch.Tensor:
        """x0: [B, 1, M, F] normalised mels, emb: [B, D], drop: [B] bool (use the null embedding)."""
        b = x0.shape[0]
        t = torch.randint(0, self.timesteps, (b,), device=x0.device)
        ac = self.alphas_cumprod.to(x0.device)[t]
        noise = torch.randn_like(x0)
        pred = net(schedules.add_noise(x0, noise, ac), t, emb, drop_condition=drop)
        return F.mse_loss(pred, schedules.target(self.prediction, x0, noise, ac))

    @torch.no_grad()
    def sample(self, model, emb: torch.Tensor, frames: int, n_mels: int, steps: int = 25, guidance: float = 3.0,
               generator=None) -> torch.Tensor:
        """Deterministic DDIM (eta 0) with classifier-free guidance. -> [B, 1, M, F]"""
        b = emb.shape[0]
        x = torch.randn(b, 1, n_mels, frames, generator=generator)
        ts = torch.linspace(self.timesteps - 1, 0, steps).round().long()
        ac_all = self.alphas_cumprod
        for i, t in enumerate(ts):
            tt = torch.full((b,), int(t))
            cond = model(x, tt, emb)
            if guidance != 1:
                unc = model(x, tt, emb, drop_condition=torch.ones(b, dtype=torch.bool))
                out = unc + guidance * (cond - unc)
            else:
                out = cond
            ac = ac_all[t]
            x0 = schedules.predicted_original(self.prediction, out, x, ac.view(1))
            eps = (x - ac.sqrt() * x0) / (1 - ac).sqrt()
            ac_prev = ac_all[ts[i + 1]] if i + 1 < len(ts) else torch.tensor(1.0)
            x = ac_prev.sqrt() * x0 + (1 - ac_prev).sqrt() * eps
        return x

    def write_samples(self, model, data, audio, folder: str, step: int, count: int = 4):
        """Samples for the first `count` embeddings of the dataset, next to their real mels, as PNG."""
        os.makedirs(folder, exist_ok=True)
        emb = data.embeddings[:count]
        g = torch.Generator().manual_seed(0)
        dev = next(model.parameters()).device
        x = self.sample(model.cpu(), emb, data.mels.shape[-1], data.mels.shape[-2], generator=g)
        model.to(dev)
        rows = torch.cat([torch.cat([data.mels[i], x[i, 0]], dim=1) for i in range(emb.shape[0])], dim=0)
        try:
            from PIL import Image
        except ImportError:
            atomic.save_torch(rows, os.path.join(folder, f"step-{step:07d}.pt"))
            return
        img = ((rows.clamp(-1.5, 1.5) + 1.5) / 3 * 255).flip(0).byte().numpy()
        atomic.atomic_write(os.path.join(folder, f"step-{step:07d}.png"),
                            lambda tmp: Image.fromarray(img).save(tmp, format="PNG"))
