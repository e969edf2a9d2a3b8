"""Exponential moving average of weights, shared by the U-Net and prior trainers."""
import torch


@torch.no_grad()
def update_ema(ema: torch.nn.Module, model: torch.nn.Module, step: int, max_decay: float):
    """ema ← decay·ema + (1 − decay)·model, with the decay warmed up as (1 + step) / (10 + step)
    so that early EMA weights are not dominated by the random initialisation."""
    decay = min(max_decay, (1 + step) / (10 + step))
    for pe, pm in zip(ema.parameters(), model.parameters()):
        pe.lerp_(pm, 1 - decay)
