"""Convert an NVIDIA BigVGAN generator checkpoint into a CLIPSonic bundle's vocoder component.

    python3 training/convert/bigvgan.py --checkpoint bigvgan_generator.pt --config config.json \
        --out path/to/bundle [--name vocoder] [--dtype f32|f16|bf16] [--no-verify]

Input: a generator checkpoint as NVIDIA ships it (`{'generator': state_dict}`, e.g.
`bigvgan_generator.pt` of nvidia/bigvgan_v2_22khz_80band_256x, or `g_05000000` of v1), or a bare
state dict, with weight norm stored either as `weight_g`/`weight_v` (torch.nn.utils.weight_norm)
or as `parametrizations.weight.original0`/`original1` (torch.nn.utils.parametrizations.weight_norm
of newer torch); plus the model's config.json.

Output, in --out:
  <name>.safetensors  the generator's tensors under NVIDIA's names with weight norm folded
                      (`ups.0.0.weight` = g * v / |v|), the anti-aliasing `filter` buffers kept
  <name>.json         the bundle.json vocoder section: {"kind": "bigvgan", "weights": ...,
                      "config": {generator and audio keys of config.json}}

With the `bigvgan` package importable, the result is checked against the reference model's
own weight-norm-free state dict (names and shapes, strictly) unless --no-verify.
"""

import argparse
import json
import os
import sys

import torch

# Run as a script, this file's folder is on the import path and the repository root is not.
_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if _ROOT not in sys.path:
    sys.path.append(_ROOT)
from training.common import atomic  # noqa: E402

# config.json keys the generator and its mel framing use; training keys are dropped.
CONFIG_KEYS = [
    "num_mels", "upsample_rates", "upsample_kernel_sizes", "upsample_initial_channel", "resblock",
    "resblock_kernel_sizes", "resblock_dilation_sizes", "activation", "snake_logscale",
    "use_tanh_at_final", "use_bias_at_final",
    "sampling_rate", "n_fft", "hop_size", "win_size", "fmin", "fmax",
]

DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}


def fold(g: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """w = g * v / |v| (torch._weight_norm), the norm over every dim but weight_norm's `dim`,
    which is the one axis where the magnitude g is not 1 (BigVGAN uses dim=0 throughout; a
    single-element g means one norm over the whole tensor, whatever dim was)."""
    g64, v64 = g.double(), v.double()
    if g.numel() == 1:
        return (v64 * (g64.reshape(()) / v64.norm())).float()
    dims = [d for d in range(g.dim()) if g.shape[d] != 1]
    if len(dims) != 1 or g.dim() != v.dim() or g.shape[dims[0]] != v.shape[dims[0]]:
        raise SystemExit(f"weight-norm magnitude of shape {tuple(g.shape)} does not fit direction {tuple(v.shape)}")
    return torch._weight_norm(v64, g64, dims[0]).float()


def fold_state_dict(state: dict) -> dict:
    out = {}
    pairs = {
        "weight_g": ("weight_v", "weight"),
        "parametrizations.weight.original0": ("parametrizations.weight.original1", "weight"),
    }
    consumed = set()
    for key in state:
        for g_suffix, (v_suffix, w_suffix) in pairs.items():
            if key.endswith(g_suffix):
                base = key[: -len(g_suffix)]
                v_key = base + v_suffix
                if v_key not in state:
                    raise SystemExit(f"{key}: weight-norm magnitude without its direction {v_key}")
                out[base + w_suffix] = fold(state[key], state[v_key])
                consumed.update([key, v_key])
    for key, value in state.items():
        if key in consumed:
            continue
        if key.endswith("weight_v") or key.endswith("parametrizations.weight.original1"):
            raise SystemExit(f"{key}: weight-norm direction without its magnitude")
        out[key] = value.float()
    return out


def load_generator_state(path: str) -> dict:
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    if isinstance(checkpoint, dict) and "generator" in checkpoint:
        checkpoint = checkpoint["generator"]
    if not isinstance(checkpoint, dict) or not all(isinstance(v, torch.Tensor) for v in checkpoint.values()):
        raise SystemExit(f"{path}: expected {{'generator': state_dict}} or a state dict of tensors")
    return checkpoint


def verify(tensors: dict, config: dict):
    """Names and shapes against the reference model with weight norm removed."""
    # This script is itself named bigvgan.py: keep its folder off the import path so that
    # `import bigvgan` finds NVIDIA's package.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    try:
        from bigvgan.bigvgan import BigVGAN
        from bigvgan.env import AttrDict
    except ImportError:
        print("bigvgan package not importable; skipping verification", file=sys.stderr)
        return
    import contextlib
    import io
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # torch.nn.utils.weight_norm deprecation
        model = BigVGAN(AttrDict(dict(config)))
    with contextlib.redirect_stdout(io.StringIO()):
        model.remove_weight_norm()
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    found = {k: tuple(v.shape) for k, v in tensors.items()}
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    wrong = sorted(k for k in set(expected) & set(found) if expected[k] != found[k])
    if missing or extra or wrong:
        raise SystemExit(f"checkpoint does not match config: missing {missing[:5]}, unexpected {extra[:5]}, "
                         f"wrong shapes {[(k, found[k], expected[k]) for k in wrong[:5]]}")


def convert(checkpoint: str, config_path: str, out_dir: str, name: str = "vocoder", dtype: str = "f32",
            check: bool = True) -> dict:
    with open(config_path) as f:
        full_config = json.load(f)
    config = {k: full_config[k] for k in CONFIG_KEYS if k in full_config}
    tensors = fold_state_dict(load_generator_state(checkpoint))
    if check:
        verify(tensors, config)
    os.makedirs(out_dir, exist_ok=True)
    weights = f"{name}.safetensors"
    atomic.save_safetensors({k: v.to(DTYPES[dtype]).contiguous() for k, v in sorted(tensors.items())},
                            os.path.join(out_dir, weights),
                            # One key: the safetensors writer orders metadata keys arbitrarily, and a
                            # deterministic file keeps regenerated fixtures byte-identical.
                            metadata={"source": f"{os.path.basename(checkpoint)} via training/convert/bigvgan.py"})
    section = {"kind": "bigvgan", "weights": weights, "config": config}
    atomic.save_json(section, os.path.join(out_dir, f"{name}.json"), sort_keys=True)
    return section


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", required=True, help="generator checkpoint (.pt)")
    parser.add_argument("--config", required=True, help="the model's config.json")
    parser.add_argument("--out", required=True, help="output folder (a bundle folder)")
    parser.add_argument("--name", default="vocoder", help="file stem of the outputs")
    parser.add_argument("--dtype", default="f32", choices=sorted(DTYPES))
    parser.add_argument("--no-verify", action="store_true", help="skip the check against the bigvgan package")
    args = parser.parse_args()
    section = convert(args.checkpoint, args.config, args.out, args.name, args.dtype, not args.no_verify)
    print(f"wrote {os.path.join(args.out, section['weights'])} and {args.name}.json")


if __name__ == "__main__":
    main()
