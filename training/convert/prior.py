"""Converts a dalle2-pytorch diffusion-prior checkpoint (LAION's ViT-L/14 prior) into a bundle's
prior component: `prior.safetensors` (dalle2-pytorch `DiffusionPrior` state-dict names, `net.*`)
and `prior.json` (the network and diffusion configuration the Swift `PriorConfig` decodes).

    python3 training/convert/prior.py best.pth prior_config.json OUT_DIR [--weights ema|model]

The checkpoint is what `DiffusionPriorTrainer.save` writes (`model`, `ema_model`, `version`, ...)
or a bare `DiffusionPrior` state dict. The configuration is LAION's `prior_config.json` (the train
config with a `prior` object) or the `prior` object alone.

The Swift prior implements the math of dalle2-pytorch 1.1.0. The version stored in the
checkpoint must be one whose prior math is the same (0.25.2 to 1.4.2: compared class by class
against the tagged sources; 1.4.3 switched the prior's attention to cosine similarity and later
versions changed the classifier-free guidance); any other version is refused. A config with
`net.learned_null_condition: true` (training/clipsonic/prior_null.py: 1.1.0's network plus a
learned null text condition) also expects the tensor `net.null_text_embeds`.

The checkpoint is read with a restricted unpickler: tensors are rebuilt, every other pickled
object (the `packaging` version, optimizer or scheduler records) becomes an inert record, so no
code from the file runs.
"""
import argparse
import json
import math
import os
import pickle
import sys
import types

import torch

# Run as a script, this file's folder is on the import path and the repository root is not.
_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if _ROOT not in sys.path:
    sys.path.append(_ROOT)
from training.common import atomic  # noqa: E402

# Versions whose DiffusionPrior math equals 1.1.0's (inclusive bounds, release tuples).
SUPPORTED_RANGE = ((0, 25, 2), (1, 4, 2))
WEIGHTS_FILE = "prior.safetensors"
CONFIG_FILE = "prior.json"
BETA_SCHEDULES = ("cosine", "linear", "quadratic", "sigmoid")


class ConversionError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Reading the checkpoint without running code from it

class _Inert:
    """Stands in for any pickled global that is not a tensor: keeps its arguments and state."""

    module = "?"
    qualname = "?"

    def __new__(cls, *args, **kwargs):
        obj = object.__new__(cls)
        obj.args = args
        obj.state = None
        return obj

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.state = state

    def __repr__(self):
        return f"<{self.module}.{self.qualname} args={self.args!r} state={self.state!r}>"


_inert_types = {}


def _inert(module, name):
    key = (module, name)
    if key not in _inert_types:
        _inert_types[key] = type(f"Inert_{name}", (_Inert,), {"module": module, "qualname": name})
    return _inert_types[key]


_REAL_GLOBALS = {
    ("collections", "OrderedDict"),
    ("torch._utils", "_rebuild_tensor_v2"),
    ("torch._utils", "_rebuild_tensor_v3"),
    ("torch._utils", "_rebuild_parameter"),
    ("torch._utils", "_rebuild_parameter_with_state"),
    ("torch._tensor", "_rebuild_from_type_v2"),
    ("torch.nn.parameter", "Parameter"),
    ("torch", "Tensor"),
}


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _REAL_GLOBALS:
            return super().find_class(module, name)
        return _inert(module, name)


_restricted_pickle = types.SimpleNamespace(
    Unpickler=_RestrictedUnpickler,
    load=lambda f, **kw: _RestrictedUnpickler(f, **kw).load(),
    __name__="restricted_pickle",
)


def load_checkpoint(path):
    try:
        return torch.load(path, map_location="cpu", weights_only=False, pickle_module=_restricted_pickle)
    except FileNotFoundError:
        raise ConversionError(f"checkpoint {path}: no such file")
    except Exception as e:  # a corrupt or foreign file: say which and why
        raise ConversionError(f"checkpoint {path}: cannot be read as a PyTorch checkpoint ({e})")


# ---------------------------------------------------------------------------------------------
# Version

def parse_release(text):
    parts = text.strip().lstrip("v").split("+")[0]
    for marker in ("a", "b", "rc", ".dev", ".post", "dev", "post"):
        if marker in parts:
            raise ConversionError(
                f"dalle2-pytorch version {text!r} is a pre-, post- or development release whose prior "
                f"math was not verified; pass --assume-version with the release it matches")
    try:
        return tuple(int(p) for p in parts.split("."))
    except ValueError:
        raise ConversionError(f"dalle2-pytorch version {text!r} is not a version number")


def stored_version(checkpoint):
    """The dalle2-pytorch version recorded by the trainer, as (text, release tuple), or None."""
    if not isinstance(checkpoint, dict) or "version" not in checkpoint:
        return None
    v = checkpoint["version"]
    if isinstance(v, str):
        return v, parse_release(v)
    if isinstance(v, _Inert) and v.qualname == "Version":
        state = v.state
        # packaging < 22 pickles a __dict__ holding a `_Version` namedtuple (epoch, release, dev,
        # pre, post, local); newer packaging pickles that tuple directly.
        if isinstance(state, dict) and "_version" in state:
            fields = state["_version"]
            fields = fields.args if isinstance(fields, _Inert) else tuple(fields)
        elif isinstance(state, tuple) and state and isinstance(state[0], dict):
            fields = state[0].get("_version")
            fields = fields.args if isinstance(fields, _Inert) else tuple(fields or ())
        else:
            fields = tuple(state) if isinstance(state, (tuple, list)) else ()
        if len(fields) >= 2 and isinstance(fields[1], tuple):
            release = tuple(int(x) for x in fields[1])
            text = ".".join(str(x) for x in release)
            extras = [f for f in fields[2:] if f is not None]
            if extras:
                raise ConversionError(
                    f"dalle2-pytorch version {text} with pre/post/dev/local parts {extras!r}: prior math "
                    f"not verified; pass --assume-version with the release it matches")
            return text, release
    raise ConversionError(f"checkpoint field 'version' has an unknown form ({v!r}); "
                          f"pass --assume-version if you know the dalle2-pytorch version")


def check_version(text, release):
    lo, hi = SUPPORTED_RANGE
    if not (lo <= release <= hi):
        fmt = lambda r: ".".join(map(str, r))
        raise ConversionError(
            f"checkpoint was written by dalle2-pytorch {text}; the Swift prior implements the prior math "
            f"of versions {fmt(lo)} to {fmt(hi)} (that of 1.1.0, which LAION's ViT-L/14 prior was "
            f"trained with). Later versions changed the attention (cosine similarity, 1.4.3) and the "
            f"classifier-free guidance, so this checkpoint cannot be converted faithfully")


# ---------------------------------------------------------------------------------------------
# Configuration: same defaults as dalle2-pytorch 1.1.0's DiffusionPriorNetwork / CausalTransformer
# / DiffusionPrior and as the Swift PriorConfig.

NET_DEFAULTS = dict(
    num_timesteps=None, num_time_embeds=1, num_image_embeds=1, num_text_embeds=1, max_text_len=256,
    dim_head=64, heads=8, ff_mult=4, norm_in=False, norm_out=True, attn_dropout=0.0, ff_dropout=0.0,
    final_proj=True, normformer=False, rotary_emb=True,
    # Not a 1.1.0 argument: the learned null text condition of training/clipsonic/prior_null.py.
    learned_null_condition=False,
)
PRIOR_DEFAULTS = dict(
    timesteps=1000, sample_timesteps=None, cond_drop_prob=0.0, predict_x_start=True,
    beta_schedule="cosine", condition_on_text_encodings=True, sampling_clamp_l2norm=False,
    sampling_final_clamp_l2norm=False, init_image_embed_l2norm=False, image_embed_scale=None,
)


def read_config(path):
    try:
        with open(path) as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise ConversionError(f"config {path}: no such file")
    except json.JSONDecodeError as e:
        raise ConversionError(f"config {path}: not JSON ({e})")
    return normalize_config(raw, path)


def normalize_config(raw, source="config"):
    prior = raw.get("prior", raw) if isinstance(raw, dict) else None
    if not isinstance(prior, dict) or not isinstance(prior.get("net"), dict):
        raise ConversionError(f"{source}: expected a dalle2-pytorch prior config with a 'net' object "
                              f"(LAION's prior_config.json or its 'prior' object)")
    net = {**NET_DEFAULTS, **prior["net"]}
    for key in ("dim", "depth"):
        if key not in net:
            raise ConversionError(f"{source}: net.{key} is missing")
    if net.get("max_text_len") is None:
        net["max_text_len"] = NET_DEFAULTS["max_text_len"]
    if net.get("self_cond"):
        raise ConversionError(f"{source}: net.self_cond needs dalle2-pytorch >= 1.6.1 math, not supported")
    out = {k: prior.get(k, d) for k, d in PRIOR_DEFAULTS.items()}
    out["image_embed_dim"] = prior.get("image_embed_dim", net["dim"])
    if out["image_embed_dim"] != net["dim"]:
        raise ConversionError(f"{source}: image_embed_dim {out['image_embed_dim']} differs from net.dim {net['dim']}")
    if out["beta_schedule"] not in BETA_SCHEDULES:
        raise ConversionError(f"{source}: beta_schedule {out['beta_schedule']!r} is not one of {BETA_SCHEDULES}")
    keep = ("dim", "depth", *NET_DEFAULTS.keys())
    out["net"] = {k: net[k] for k in keep}
    # Written only when set, so that a 1.1.0 prior's config stays exactly LAION's form.
    if not out["net"]["learned_null_condition"]:
        del out["net"]["learned_null_condition"]
    return out


def expected_shapes(cfg):
    """Every tensor the Swift prior reads, with its shape, under DiffusionPrior state-dict names.
    The rotary `freqs` buffers are listed separately: optional, but checked when present."""
    n = {**NET_DEFAULTS, **cfg["net"]}
    dim, depth, heads, dh = n["dim"], n["depth"], n["heads"], n["dim_head"]
    inner = int(n["ff_mult"] * dim)
    s = {"net.learned_query": [dim], "net.null_text_embed": [1, n["max_text_len"], dim]}
    if n["learned_null_condition"]:
        s["net.null_text_embeds"] = [1, n["num_text_embeds"], dim]
    if n["num_text_embeds"] > 1:
        s["net.to_text_embeds.0.weight"] = [dim * n["num_text_embeds"], dim]
        s["net.to_text_embeds.0.bias"] = [dim * n["num_text_embeds"]]
    if n["num_image_embeds"] > 1:
        s["net.to_image_embeds.0.weight"] = [dim * n["num_image_embeds"], dim]
        s["net.to_image_embeds.0.bias"] = [dim * n["num_image_embeds"]]
    t_out = dim * n["num_time_embeds"]
    if n["num_timesteps"] is not None:
        s["net.to_time_embeds.0.weight"] = [n["num_timesteps"], t_out]
    else:
        hidden = int(2 * t_out)
        p = "net.to_time_embeds.0.1.net"
        s.update({f"{p}.0.0.weight": [hidden, dim], f"{p}.0.0.bias": [hidden],
                  f"{p}.1.0.weight": [hidden, hidden], f"{p}.1.0.bias": [hidden],
                  f"{p}.2.weight": [t_out, hidden], f"{p}.2.bias": [t_out]})
    ct = "net.causal_transformer"
    if n["norm_in"]:
        s[f"{ct}.init_norm.g"] = [dim]
    s[f"{ct}.rel_pos_bias.relative_attention_bias.weight"] = [32, heads]
    for i in range(depth):
        a, f = f"{ct}.layers.{i}.0", f"{ct}.layers.{i}.1"
        s.update({f"{a}.null_kv": [2, dh], f"{a}.norm.g": [dim], f"{a}.to_q.weight": [heads * dh, dim],
                  f"{a}.to_kv.weight": [2 * dh, dim], f"{a}.to_out.0.weight": [dim, heads * dh],
                  f"{a}.to_out.1.g": [dim], f"{f}.0.g": [dim], f"{f}.1.weight": [2 * inner, dim],
                  f"{f}.5.weight": [dim, inner]})
        if n["normformer"]:
            s[f"{f}.3.g"] = [inner]
    if n["norm_out"]:
        s[f"{ct}.norm.g"] = [dim]
    if n["final_proj"]:
        s[f"{ct}.project_out.weight"] = [dim, dim]
    rotary = {}
    if n["rotary_emb"]:
        rot = min(32, dh)
        for i in range(depth):
            rotary[f"{ct}.layers.{i}.0.rotary_emb.freqs"] = [rot // 2]
    return s, rotary


# ---------------------------------------------------------------------------------------------
# Conversion

def select_state_dict(checkpoint, which):
    if not isinstance(checkpoint, dict):
        raise ConversionError("checkpoint holds no state dict")
    if any(isinstance(v, torch.Tensor) for v in checkpoint.values()):
        return checkpoint, "state dict"
    order = {"ema": ["ema_model", "model"], "model": ["model"]}[which]
    for key in order:
        if isinstance(checkpoint.get(key), dict):
            return checkpoint[key], key
    raise ConversionError(f"checkpoint has none of {order} (keys: {sorted(checkpoint)})")


def cosine_betas(t, s=0.008):
    x = torch.linspace(0, t, t + 1, dtype=torch.float64)
    ac = torch.cos(((x / t) + s) / (1 + s) * math.pi * 0.5) ** 2
    ac = ac / ac[0]
    return torch.clip(1 - ac[1:] / ac[:-1], 0, 0.999)


def check_schedule(state, cfg):
    """A trainer checkpoint carries the noise schedule it was trained with; it must be the configured one."""
    betas = state.get("noise_scheduler.betas")
    if betas is None:
        return
    if betas.shape[0] != cfg["timesteps"]:
        raise ConversionError(f"tensor noise_scheduler.betas has {betas.shape[0]} steps, config says "
                              f"timesteps {cfg['timesteps']}")
    if cfg["beta_schedule"] == "cosine":
        ref = cosine_betas(cfg["timesteps"]).float()
        if not torch.allclose(betas.float(), ref, rtol=1e-4, atol=1e-7):
            raise ConversionError("tensor noise_scheduler.betas is not the cosine schedule the config names")


def convert(checkpoint_path, config_path, out_dir, which="ema", assume_version=None):
    cfg = read_config(config_path)
    checkpoint = load_checkpoint(checkpoint_path)
    if assume_version is not None:
        text, release = assume_version, parse_release(assume_version)
    else:
        found = stored_version(checkpoint)
        if found is None:
            raise ConversionError(f"checkpoint {checkpoint_path} records no dalle2-pytorch version; pass "
                                  f"--assume-version if you know which version wrote it")
        text, release = found
    check_version(text, release)
    state, picked = select_state_dict(checkpoint, which)
    check_schedule(state, cfg)

    expected, rotary = expected_shapes(cfg)
    out = {}
    for name, shape in expected.items():
        if name not in state:
            raise ConversionError(f"checkpoint {checkpoint_path} ({picked}): tensor {name} is missing "
                                  f"(expected shape {shape} for this config)")
        t = state[name]
        if list(t.shape) != shape:
            raise ConversionError(f"checkpoint {checkpoint_path} ({picked}): tensor {name} has shape "
                                  f"{list(t.shape)}, expected {shape} for this config")
        out[name] = t.detach().to(torch.float32).clone().contiguous()
    for name, shape in rotary.items():
        if name in state:
            t = state[name]
            rot = shape[0] * 2
            ref = 1.0 / (10000 ** (torch.arange(0, rot, 2).float() / rot))
            if list(t.shape) != shape or not torch.allclose(t.float(), ref, rtol=1e-5):
                raise ConversionError(f"checkpoint {checkpoint_path}: tensor {name} is not the rotary "
                                      f"frequencies of a {rot}-dimensional rotary embedding (theta 10000)")
            out[name] = t.detach().to(torch.float32).clone().contiguous()
    ignored_prefixes = ("noise_scheduler.", "clip.")
    unexpected = sorted(k for k in state if k not in out and not k.startswith(ignored_prefixes))
    if unexpected:
        raise ConversionError(f"checkpoint {checkpoint_path} ({picked}): unexpected tensors for this config, "
                              f"e.g. {unexpected[:5]} ({len(unexpected)} in all); check the config's net settings")

    os.makedirs(out_dir, exist_ok=True)
    atomic.save_safetensors(out, os.path.join(out_dir, WEIGHTS_FILE),
                            metadata={"clipsonic_prior": json.dumps({"dalle2_pytorch_version": text,
                                                                     "source_weights": picked}, sort_keys=True)})
    cfg = {**cfg, "dalle2_pytorch_version": text}
    atomic.save_json(cfg, os.path.join(out_dir, CONFIG_FILE))
    return cfg, picked, len(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoint", help="dalle2-pytorch prior checkpoint (.pth)")
    p.add_argument("config", help="LAION prior_config.json (or its 'prior' object)")
    p.add_argument("out_dir", help="bundle folder to write prior.safetensors and prior.json into")
    p.add_argument("--weights", choices=["ema", "model"], default="ema",
                   help="EMA weights (default, what the trainer samples with) or the online model")
    p.add_argument("--assume-version", help="dalle2-pytorch version to assume when the checkpoint records none")
    a = p.parse_args(argv)
    try:
        cfg, picked, count = convert(a.checkpoint, a.config, a.out_dir, a.weights, a.assume_version)
    except ConversionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {count} tensors ({picked}, dalle2-pytorch {cfg['dalle2_pytorch_version']}) to "
          f"{os.path.join(a.out_dir, WEIGHTS_FILE)} and {os.path.join(a.out_dir, CONFIG_FILE)}")
    print(f'bundle.json: "prior": {{"weights": "{WEIGHTS_FILE}", "config": <the contents of {CONFIG_FILE}>}}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
