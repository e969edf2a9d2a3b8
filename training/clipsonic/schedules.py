"""Noise schedules and prediction-type algebra, as the Swift engine (Sources/Engine/Diffusion) and
diffusers compute them.

alphas_cumprod is formed the way diffusers' schedulers form it (betas in float32, cumprod in
float32), so that the sampling coefficients of a model trained here agree with the Swift samplers,
which are checked against diffusers (training/fixtures/gen_diffusion.py).
"""
import math

import torch

BETA_SCHEDULES = ("linear", "cosine")
PREDICTIONS = ("eps", "v", "x0")


def betas(schedule: str, train_steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02) -> torch.Tensor:
    """[train_steps] float32. linear: diffusers "linear"; cosine: diffusers "squaredcos_cap_v2"."""
    if schedule == "linear":
        return torch.linspace(beta_start, beta_end, train_steps, dtype=torch.float32)
    if schedule == "cosine":
        def alpha_bar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return torch.tensor([min(1 - alpha_bar((i + 1) / train_steps) / alpha_bar(i / train_steps), 0.999)
                             for i in range(train_steps)], dtype=torch.float32)
    raise ValueError(f"unknown beta schedule {schedule!r}: use one of {BETA_SCHEDULES}")


def alphas_cumprod(schedule: str, train_steps: int = 1000, beta_start: float = 1e-4,
                   beta_end: float = 0.02) -> torch.Tensor:
    return torch.cumprod(1.0 - betas(schedule, train_steps, beta_start, beta_end), dim=0)


def _ab(alpha_bar_t, like):
    a = alpha_bar_t.to(like.dtype).view(-1, *([1] * (like.dim() - 1)))
    return a.sqrt(), (1 - a).sqrt()


def add_noise(x0, noise, alpha_bar_t):
    """x_t = sqrt(a) x0 + sqrt(1 - a) noise; alpha_bar_t: [N]."""
    a, s = _ab(alpha_bar_t, x0)
    return a * x0 + s * noise


def target(prediction: str, x0, noise, alpha_bar_t):
    """What the network learns to output."""
    a, s = _ab(alpha_bar_t, x0)
    if prediction == "eps":
        return noise
    if prediction == "v":
        return a * noise - s * x0
    if prediction == "x0":
        return x0
    raise ValueError(f"unknown prediction type {prediction!r}: use one of {PREDICTIONS}")


def predicted_original(prediction: str, output, x_t, alpha_bar_t):
    """x0 implied by a network output (the Swift Scheduler.predictedOriginal)."""
    a, s = _ab(alpha_bar_t, x_t)
    if prediction == "eps":
        return (x_t - s * output) / a
    if prediction == "v":
        return a * x_t - s * output
    if prediction == "x0":
        return output
    raise ValueError(f"unknown prediction type {prediction!r}: use one of {PREDICTIONS}")


def bundle_schedule(schedule: str, train_steps: int, prediction: str, beta_start: float = 1e-4,
                    beta_end: float = 0.02, clip_sample=None, timestep_spacing=None) -> dict:
    """The `unet.schedule` object of bundle.json, as the Swift `SchedulerConfiguration` decodes it
    (one spelling: these keys and values)."""
    if schedule not in BETA_SCHEDULES:
        raise ValueError(f"unknown beta schedule {schedule!r}: use one of {BETA_SCHEDULES}")
    if prediction not in PREDICTIONS:
        raise ValueError(f"unknown prediction type {prediction!r}: use one of {PREDICTIONS}")
    out = {"train_steps": train_steps, "beta_schedule": schedule, "beta_start": beta_start, "beta_end": beta_end,
           "prediction": prediction}
    if clip_sample is not None:
        out["clip_sample"] = float(clip_sample)
    if timestep_spacing is not None:
        out["timestep_spacing"] = timestep_spacing
    return out
