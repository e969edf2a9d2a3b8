"""Convert a CLIP checkpoint into a CLIPSonic bundle's `clip` component.

Inputs (detected automatically):
  * OpenAI CLIP checkpoints: the TorchScript archives of OpenAI's `clip` package (ViT-B/32,
    ViT-L/14, ...) or a plain state dict saved with torch.save, with OpenAI's names
    (`transformer.resblocks.0.attn.in_proj_weight`, `visual.conv1.weight`, `text_projection`, ...).
  * Hugging Face CLIP models: a `save_pretrained` folder (config.json + model.safetensors or
    pytorch_model.bin) of `CLIPModel`.

Output folder (the bundle folder, or a staging folder):
  clip.safetensors            F32 weights with transformers `CLIPModel` names
  bpe_simple_vocab_16e6.txt   the tokenizer's merges (copied from models/vocab)
  clip_section.json           the `clip` section to put into bundle.json (weights, tokenizer,
                              text_cleaning, image preprocessing, config)

Usage:
  python3 training/convert/clip.py CHECKPOINT OUT_DIR [--dtype f32|f16]
  python3 training/convert/clip.py --self-test      # random models of both kinds, no files needed
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:  # run as a script, this file's folder is on the import path, the repository not
    sys.path.append(ROOT)
from training.common import atomic  # noqa: E402
MERGES = os.path.join(ROOT, "models", "vocab", "bpe_simple_vocab_16e6.txt")
OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]
# Attributes the TorchScript archives carry as tensors; they are config, not weights.
OPENAI_NON_WEIGHTS = {"input_resolution", "context_length", "vocab_size"}


class ConversionError(Exception):
    pass


# ------------------------------------------------------------------ OpenAI -> transformers


def _count_blocks(state: dict, prefix: str) -> int:
    n = 0
    while f"{prefix}{n}.ln_1.weight" in state:
        n += 1
    return n


def openai_config(state: dict) -> dict:
    """The transformers CLIPConfig (as a dict) that OpenAI's model.py would build for `state`."""
    if "visual.conv1.weight" not in state:
        raise ConversionError("no visual.conv1.weight: only ViT image towers are supported "
                              "(ResNet CLIP models such as RN50 are not)")
    width = state["ln_final.weight"].shape[0]
    vwidth = state["visual.conv1.weight"].shape[0]
    patch = state["visual.conv1.weight"].shape[-1]
    grid = round(math.sqrt(state["visual.positional_embedding"].shape[0] - 1))
    if grid * grid + 1 != state["visual.positional_embedding"].shape[0]:
        raise ConversionError("visual.positional_embedding does not hold a square grid of patches plus the class token")
    projection = state["text_projection"].shape[1]
    return {
        "projection_dim": projection,
        "text_config": {
            "vocab_size": state["token_embedding.weight"].shape[0],
            "hidden_size": width,
            "intermediate_size": state["transformer.resblocks.0.mlp.c_fc.weight"].shape[0],
            "num_hidden_layers": _count_blocks(state, "transformer.resblocks."),
            # OpenAI's model.py: heads = width // 64.
            "num_attention_heads": width // 64,
            "max_position_embeddings": state["positional_embedding"].shape[0],
            "hidden_act": "quick_gelu",
            "layer_norm_eps": 1e-5,
            "projection_dim": projection,
            "bos_token_id": 49406,
            "eos_token_id": 49407,
            "pad_token_id": 1,
        },
        "vision_config": {
            "hidden_size": vwidth,
            "intermediate_size": state["visual.transformer.resblocks.0.mlp.c_fc.weight"].shape[0],
            "num_hidden_layers": _count_blocks(state, "visual.transformer.resblocks."),
            "num_attention_heads": vwidth // 64,
            "num_channels": state["visual.conv1.weight"].shape[1],
            "image_size": patch * grid,
            "patch_size": patch,
            "hidden_act": "quick_gelu",
            "layer_norm_eps": 1e-5,
            "projection_dim": projection,
        },
    }


def _blocks(state: dict, src: str, dst: str, n: int, out: dict) -> None:
    for i in range(n):
        s, d = f"{src}{i}.", f"{dst}{i}."
        w, b = state[s + "attn.in_proj_weight"], state[s + "attn.in_proj_bias"]
        # nn.MultiheadAttention stacks the q, k and v projections in this order.
        for k, (ws, bs) in zip(("q_proj", "k_proj", "v_proj"), zip(w.chunk(3, 0), b.chunk(3, 0))):
            out[d + f"self_attn.{k}.weight"] = ws
            out[d + f"self_attn.{k}.bias"] = bs
        pairs = {"attn.out_proj": "self_attn.out_proj", "ln_1": "layer_norm1", "ln_2": "layer_norm2",
                 "mlp.c_fc": "mlp.fc1", "mlp.c_proj": "mlp.fc2"}
        for a, c in pairs.items():
            out[d + c + ".weight"] = state[s + a + ".weight"]
            out[d + c + ".bias"] = state[s + a + ".bias"]


def openai_to_hf(state: dict) -> dict:
    """OpenAI names -> transformers CLIPModel names; every input tensor must be used."""
    cfg = openai_config(state)
    out = {
        "text_model.embeddings.token_embedding.weight": state["token_embedding.weight"],
        "text_model.embeddings.position_embedding.weight": state["positional_embedding"],
        "text_model.final_layer_norm.weight": state["ln_final.weight"],
        "text_model.final_layer_norm.bias": state["ln_final.bias"],
        # OpenAI multiplies x @ text_projection; a Linear weight is its transpose.
        "text_projection.weight": state["text_projection"].t(),
        "vision_model.embeddings.class_embedding": state["visual.class_embedding"],
        "vision_model.embeddings.patch_embedding.weight": state["visual.conv1.weight"],
        "vision_model.embeddings.position_embedding.weight": state["visual.positional_embedding"],
        "vision_model.pre_layrnorm.weight": state["visual.ln_pre.weight"],
        "vision_model.pre_layrnorm.bias": state["visual.ln_pre.bias"],
        "vision_model.post_layernorm.weight": state["visual.ln_post.weight"],
        "vision_model.post_layernorm.bias": state["visual.ln_post.bias"],
        "visual_projection.weight": state["visual.proj"].t(),
    }
    if "logit_scale" in state:
        out["logit_scale"] = state["logit_scale"].reshape(())
    _blocks(state, "transformer.resblocks.", "text_model.encoder.layers.", cfg["text_config"]["num_hidden_layers"], out)
    _blocks(state, "visual.transformer.resblocks.", "vision_model.encoder.layers.",
            cfg["vision_config"]["num_hidden_layers"], out)
    used = {"token_embedding.weight", "positional_embedding", "ln_final.weight", "ln_final.bias", "text_projection",
            "logit_scale", "visual.class_embedding", "visual.conv1.weight", "visual.positional_embedding",
            "visual.ln_pre.weight", "visual.ln_pre.bias", "visual.ln_post.weight", "visual.ln_post.bias", "visual.proj"}
    for prefix, n in [("transformer.resblocks.", cfg["text_config"]["num_hidden_layers"]),
                      ("visual.transformer.resblocks.", cfg["vision_config"]["num_hidden_layers"])]:
        for i in range(n):
            for suffix in ["attn.in_proj_weight", "attn.in_proj_bias"] + [
                    f"{m}.{wb}" for m in ("attn.out_proj", "ln_1", "ln_2", "mlp.c_fc", "mlp.c_proj") for wb in ("weight", "bias")]:
                used.add(f"{prefix}{i}.{suffix}")
    left = sorted(set(state) - used - OPENAI_NON_WEIGHTS)
    if left:
        raise ConversionError(f"unexpected OpenAI tensors (not converted): {left[:8]}{' ...' if len(left) > 8 else ''}")
    return out, cfg


def load_openai(path: str) -> dict:
    """State dict of an OpenAI checkpoint: a TorchScript archive or a torch.save'd state dict."""
    try:
        model = torch.jit.load(path, map_location="cpu")
        state = model.state_dict()
    except RuntimeError:
        state = torch.load(path, map_location="cpu", weights_only=True)
        if isinstance(state, dict) and "state_dict" in state:
            state = state["state_dict"]
    if not isinstance(state, dict):
        raise ConversionError(f"{path}: not a state dict or TorchScript CLIP model")
    # Some re-saved checkpoints prefix every name with "module." (DataParallel).
    if all(k.startswith("module.") for k in state):
        state = {k[len("module."):]: v for k, v in state.items()}
    return {k: v.detach().float().contiguous() for k, v in state.items()}


# ------------------------------------------------------------------ Hugging Face


HF_KEEP = ("text_model.", "vision_model.", "text_projection.weight", "visual_projection.weight", "logit_scale")


def load_hf(folder: str) -> tuple[dict, dict]:
    with open(os.path.join(folder, "config.json")) as f:
        full = json.load(f)
    if full.get("model_type") not in (None, "clip"):
        raise ConversionError(f"{folder}: model_type is {full.get('model_type')!r}, expected 'clip'")
    st = os.path.join(folder, "model.safetensors")
    if os.path.exists(st):
        from safetensors.torch import load_file
        state = load_file(st)
    elif os.path.exists(os.path.join(folder, "pytorch_model.bin")):
        state = torch.load(os.path.join(folder, "pytorch_model.bin"), map_location="cpu", weights_only=True)
    else:
        raise ConversionError(f"{folder}: no model.safetensors or pytorch_model.bin")
    state = {k: v.float().contiguous() for k, v in state.items()
             if k.startswith(HF_KEEP) and not k.endswith("position_ids")}
    text_keys = ["vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                 "max_position_embeddings", "hidden_act", "layer_norm_eps", "bos_token_id", "eos_token_id", "pad_token_id"]
    vision_keys = ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_channels",
                   "image_size", "patch_size", "hidden_act", "layer_norm_eps"]
    from transformers import CLIPConfig  # fills transformers' defaults for keys the file omits
    c = CLIPConfig.from_dict(full)
    proj = c.projection_dim
    cfg = {
        "projection_dim": proj,
        "text_config": {**{k: getattr(c.text_config, k) for k in text_keys}, "projection_dim": proj},
        "vision_config": {**{k: getattr(c.vision_config, k) for k in vision_keys}, "projection_dim": proj},
    }
    return state, cfg


# ------------------------------------------------------------------ bundle component


def check_shapes(state: dict, cfg: dict) -> None:
    """Loads the converted weights into transformers' CLIPModel, strictly: names and shapes."""
    from transformers import CLIPConfig, CLIPModel
    model = CLIPModel(CLIPConfig(**cfg))
    expected = {k: v.shape for k, v in model.state_dict().items() if not k.endswith("position_ids")}
    missing = sorted(set(expected) - set(state))
    extra = sorted(set(state) - set(expected))
    wrong = sorted(k for k in expected if k in state and tuple(state[k].shape) != tuple(expected[k]))
    if missing or extra or wrong:
        raise ConversionError(f"converted weights do not fit CLIPModel: missing {missing[:5]}, "
                              f"unexpected {extra[:5]}, wrong shape {[(k, tuple(state[k].shape), tuple(expected[k])) for k in wrong[:5]]}")


def write_component(state: dict, cfg: dict, out_dir: str, dtype: str = "f32") -> dict:
    check_shapes(state, cfg)
    os.makedirs(out_dir, exist_ok=True)
    torch_dtype = torch.float16 if dtype == "f16" else torch.float32
    atomic.save_safetensors({k: v.to(torch_dtype).contiguous() for k, v in sorted(state.items())},
                            os.path.join(out_dir, "clip.safetensors"), metadata={"format": "pt", "clipsonic": "clip"})
    shutil.copy(MERGES, os.path.join(out_dir, "bpe_simple_vocab_16e6.txt"))
    size = cfg["vision_config"]["image_size"]
    section = {
        "weights": "clip.safetensors",
        "tokenizer": "bpe_simple_vocab_16e6.txt",
        "text_cleaning": "openai",
        "context_length": cfg["text_config"]["max_position_embeddings"],
        "image": {"shortest_edge": size, "crop_size": size, "mean": OPENAI_MEAN, "std": OPENAI_STD},
        "config": cfg,
    }
    atomic.save_json(section, os.path.join(out_dir, "clip_section.json"), indent=1)
    return section


def convert(source: str, out_dir: str, dtype: str = "f32") -> dict:
    if os.path.isdir(source):
        state, cfg = load_hf(source)
    else:
        try:
            state, cfg = openai_to_hf(load_openai(source))
        except KeyError as e:
            raise ConversionError(f"missing OpenAI tensor {e}; is this a CLIP checkpoint?") from e
    return write_component(state, cfg, out_dir, dtype)


# ------------------------------------------------------------------ self-test


class _OpenAIBlock(torch.nn.Module):
    """A residual attention block laid out as OpenAI's model.py lays it out (names ln_1, attn,
    mlp.c_fc, mlp.c_proj, ln_2), computing with torch's own MultiheadAttention."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.attn = torch.nn.MultiheadAttention(width, heads)
        self.ln_1 = torch.nn.LayerNorm(width)
        self.mlp = torch.nn.Sequential()
        self.mlp.add_module("c_fc", torch.nn.Linear(width, width * 4))
        self.mlp.add_module("c_proj", torch.nn.Linear(width * 4, width))
        self.ln_2 = torch.nn.LayerNorm(width)

    def forward(self, x, mask=None):  # x: [L, N, D]
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=mask)[0]
        h = self.mlp.c_fc(self.ln_2(x))
        return x + self.mlp.c_proj(h * torch.sigmoid(1.702 * h))


class _OpenAITower(torch.nn.Module):
    def __init__(self, width: int, layers: int):
        super().__init__()
        self.resblocks = torch.nn.ModuleList([_OpenAIBlock(width, width // 64) for _ in range(layers)])


def _random_openai(seed: int = 0):
    """A random OpenAI-layout ViT CLIP (widths 64/128 so that heads = width // 64 holds) and its
    encode_text / encode_image, written from OpenAI's model.py structure."""
    g = torch.Generator().manual_seed(seed)
    width, vwidth, layers, ctx, vocab, proj, patch, grid = 64, 128, 2, 16, 49408, 32, 8, 3
    text = _OpenAITower(width, layers)
    visual = _OpenAITower(vwidth, layers)
    params = {
        "token_embedding.weight": (vocab, width), "positional_embedding": (ctx, width),
        "ln_final.weight": (width,), "ln_final.bias": (width,), "text_projection": (width, proj),
        "logit_scale": (), "visual.class_embedding": (vwidth,), "visual.conv1.weight": (vwidth, 3, patch, patch),
        "visual.positional_embedding": (grid * grid + 1, vwidth), "visual.ln_pre.weight": (vwidth,),
        "visual.ln_pre.bias": (vwidth,), "visual.ln_post.weight": (vwidth,), "visual.ln_post.bias": (vwidth,),
        "visual.proj": (vwidth, proj),
    }
    state = {k: 0.05 * torch.randn(s, generator=g) for k, s in params.items()}
    for k in state:
        if k.endswith(("ln_final.weight", "ln_pre.weight", "ln_post.weight")):
            state[k] += 1
    for prefix, tower in [("transformer.", text), ("visual.transformer.", visual)]:
        for k, v in tower.state_dict().items():
            state[prefix + k] = 0.05 * torch.randn(v.shape, generator=g) + (1 if "ln_" in k and k.endswith("weight") else 0)
    state["input_resolution"] = torch.tensor(patch * grid)  # as in the TorchScript archives

    def set_weights():
        text.load_state_dict({k[len("transformer."):]: v for k, v in state.items() if k.startswith("transformer.")})
        visual.load_state_dict({k[len("visual.transformer."):]: v for k, v in state.items() if k.startswith("visual.transformer.")})
    set_weights()

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, x.shape[-1:], state[name + ".weight"], state[name + ".bias"])

    def encode_text(ids):  # ids: [N, L]
        x = state["token_embedding.weight"][ids] + state["positional_embedding"][: ids.shape[1]]
        mask = torch.full((ids.shape[1], ids.shape[1]), float("-inf")).triu(1)
        x = x.permute(1, 0, 2)
        for blk in text.resblocks:
            x = blk(x, mask)
        x = ln(x.permute(1, 0, 2), "ln_final")
        return x[torch.arange(x.shape[0]), ids.argmax(dim=-1)] @ state["text_projection"]

    def encode_image(pixels):  # [N, 3, H, W]
        x = torch.nn.functional.conv2d(pixels, state["visual.conv1.weight"], stride=patch)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        cls = state["visual.class_embedding"].expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], 1) + state["visual.positional_embedding"]
        x = ln(x, "visual.ln_pre").permute(1, 0, 2)
        for blk in visual.resblocks:
            x = blk(x)
        return ln(x.permute(1, 0, 2)[:, 0], "visual.ln_post") @ state["visual.proj"]

    return state, encode_text, encode_image


def self_test() -> None:
    from safetensors.torch import load_file
    from transformers import CLIPConfig, CLIPModel

    def rel(a, b):
        return ((a - b).abs().max() / b.abs().max().clamp_min(1e-6)).item()

    torch.manual_seed(0)
    ids = torch.tensor([[49406, 320, 1125, 539, 320, 2368, 49407] + [0] * 9,
                        [49406, 1929, 49407] + [0] * 13])
    pixels = torch.randn(2, 3, 24, 24, generator=torch.Generator().manual_seed(3))
    with tempfile.TemporaryDirectory() as tmp:
        # OpenAI layout, saved as a plain state dict.
        state, encode_text, encode_image = _random_openai()
        ckpt = os.path.join(tmp, "openai.pt")
        torch.save(state, ckpt)
        out = os.path.join(tmp, "bundle_openai")
        section = convert(ckpt, out)
        model = CLIPModel(CLIPConfig(**section["config"])).eval()
        model.load_state_dict(load_file(os.path.join(out, "clip.safetensors")), strict=False)
        def features(x):  # transformers 5 returns an output object, 4.x a tensor
            return x.pooler_output if hasattr(x, "pooler_output") else x

        with torch.no_grad():
            et = rel(features(model.get_text_features(input_ids=ids)), encode_text(ids))
            ei = rel(features(model.get_image_features(pixel_values=pixels)), encode_image(pixels))
        print(f"openai -> bundle: text rel err {et:.2e}, image rel err {ei:.2e}")
        assert et < 1e-5 and ei < 1e-5, "OpenAI conversion does not reproduce the OpenAI computation"

        # Hugging Face save_pretrained folder.
        hf = CLIPModel(CLIPConfig(text_config={"hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2,
                                               "num_attention_heads": 4, "max_position_embeddings": 16, "vocab_size": 49408},
                                  vision_config={"hidden_size": 40, "intermediate_size": 56, "num_hidden_layers": 2,
                                                 "num_attention_heads": 4, "image_size": 24, "patch_size": 8,
                                                 "hidden_act": "gelu"},
                                  projection_dim=20)).eval()
        folder = os.path.join(tmp, "hf")
        hf.save_pretrained(folder)
        out = os.path.join(tmp, "bundle_hf")
        section = convert(folder, out)
        converted = load_file(os.path.join(out, "clip.safetensors"))
        reference = {k: v for k, v in hf.state_dict().items() if not k.endswith("position_ids")}
        assert set(converted) == set(reference), set(converted) ^ set(reference)
        assert all(torch.equal(converted[k], reference[k].float()) for k in reference)
        assert section["config"]["vision_config"]["hidden_act"] == "gelu"
        assert section["config"]["projection_dim"] == 20
        print("hf -> bundle: tensors identical, config carried over")

        # Bad input fails clearly.
        bad = dict(state)
        bad["unexpected.weight"] = torch.zeros(1)
        torch.save(bad, ckpt)
        try:
            convert(ckpt, os.path.join(tmp, "bad"))
            raise AssertionError("an unexpected tensor was accepted")
        except ConversionError as e:
            assert "unexpected.weight" in str(e)
    print("self-test passed")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", nargs="?", help="OpenAI .pt file or Hugging Face save_pretrained folder")
    ap.add_argument("out_dir", nargs="?", help="folder to write clip.safetensors, the merges and clip_section.json into")
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32", help="stored weight type (computation is F32)")
    ap.add_argument("--self-test", action="store_true", help="convert random models of both kinds and check them")
    args = ap.parse_args(argv)
    if args.self_test:
        self_test()
        return 0
    if not args.checkpoint or not args.out_dir:
        ap.error("give CHECKPOINT and OUT_DIR (or --self-test)")
    try:
        section = convert(args.checkpoint, args.out_dir, args.dtype)
    except (ConversionError, OSError, KeyError) as e:
        print(f"clip.py: {args.checkpoint}: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.out_dir}/clip.safetensors; put clip_section.json into bundle.json as \"clip\"")
    print(json.dumps({k: v for k, v in section.items() if k != "config"}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
