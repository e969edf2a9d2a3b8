"""Assembles a bundle the Swift engine loads (bundle.json plus one safetensors file per network)
from a U-Net training run, the Hugging Face CLIP its dataset was built with, an optional prior and
a vocoder.

    python3 -m training.clipsonic.export --checkpoint RUN/checkpoint.pt --clip CLIP_DIR --out BUNDLE \
        [--prior PRIOR_RUN | --prior-checkpoint best.pth --prior-config prior_config.json] \
        [--bigvgan bigvgan_generator.pt --bigvgan-config config.json | --griffin-lim-iterations 32]

  clip     training/convert/clip.py's conversion of the folder (transformers names, the merges
           file, "openai" text cleaning), with the image settings of the folder's
           preprocessor_config.json when it has one (what the dataset builder used).
  prior    training/convert/prior.py's conversion of a dalle2-pytorch checkpoint (EMA weights),
           e.g. the prior.pth + prior_config.json that train_prior.py writes.
  unet     the EMA weights (or --weights model) under the U-Net's own names; `config` is
           UNetConfig.to_dict(), `schedule` the diffusion it was trained with.
  vocoder  Griffin-Lim (no weights), or a BigVGAN generator through training/convert/bigvgan.py.
  audio    the checkpoint's mel settings (AudioConfig.to_json()).

    python3 -m training.clipsonic.export --replace-prior --prior PRIOR_RUN --out BUNDLE

    python3 -m training.clipsonic.export --add-audio-encoder --audio-encoder ENC_RUN/checkpoint.pt --out BUNDLE

adds (or replaces) the optional audio encoder (training/clipsonic/audio_encoder_export.py) the
same way. The first form replaces only the prior of an existing bundle (prior.safetensors and bundle.json's `prior`
section); every other file is kept byte for byte (e.g. a prior retrained with a learned null
condition, training/clipsonic/prior_null.py, next to the same CLIP and U-Net).

The bundle is written to a temporary folder beside --out and renamed into place
(training/common/atomic.py's replace_folder), so a stopped export leaves either the old bundle or
the new one. bundle.json follows
Sources/Models/Weights/BundleManifest.swift; `clipsonic info BUNDLE` checks it.
"""
import argparse
import importlib.util
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file

from training.common import atomic

from . import audio_encoder_export
from .audio import AudioConfig
from .clip_encoder import clip_fingerprint
from .unet import UNet, UNetConfig

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class ExportError(Exception):
    """An export that cannot be made; the message names the input at fault."""


def converter(name: str):
    """training/convert/<name>.py as a module (the converters are scripts, not a package)."""
    path = os.path.join(ROOT, "training", "convert", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"clipsonic_convert_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_checkpoint(path: str) -> dict:
    try:
        ck = torch.load(path, map_location="cpu", weights_only=False)
    except (OSError, RuntimeError, EOFError) as e:
        raise ExportError(f"{path}: cannot read the training checkpoint ({e})") from e
    missing = [k for k in ("ema", "model", "unet_config", "audio", "diffusion") if k not in ck]
    if missing:
        raise ExportError(f"{path}: not a train_unet.py checkpoint (no {missing})")
    return ck


def unet_component(ck: dict, which: str, folder: str, dtype: str = "f32") -> dict:
    """Writes unet.safetensors; returns the `unet` section."""
    cfg = UNetConfig.from_dict(ck["unet_config"])
    state = ck["ema" if which == "ema" else "model"]
    # Strict load first: a checkpoint that does not fit its own config never becomes a bundle.
    UNet(cfg).load_state_dict(state, strict=True)
    store = torch.float16 if dtype == "f16" else torch.float32
    save_file({k: v.detach().to(store).contiguous() for k, v in sorted(state.items())},
              os.path.join(folder, "unet.safetensors"), metadata={"clipsonic": "unet", "weights": which,
                                                                  "step": str(ck.get("step", 0))})
    return {"weights": "unet.safetensors", "config": cfg.to_dict(), "schedule": ck["diffusion"]}


def clip_component(clip_dir: str, folder: str, expected: dict, dtype: str = "f32") -> dict:
    conv = converter("clip")
    try:
        state, cfg = conv.load_hf(clip_dir)
    except (conv.ConversionError, OSError) as e:
        raise ExportError(f"{clip_dir}: {e}") from e
    if expected.get("fingerprint") and "visual_projection.weight" in state:
        found = clip_fingerprint(state["visual_projection.weight"])
        if found != expected["fingerprint"]:
            raise ExportError(f"{clip_dir}: this is not the CLIP the training pairs were encoded with "
                              f"(fingerprint {found}, the dataset's {expected['fingerprint']} from folder "
                              f"{expected.get('folder')!r}); export with that folder")
    section = conv.write_component(state, cfg, folder, dtype)
    os.remove(os.path.join(folder, "clip_section.json"))  # its content goes into bundle.json
    pre = os.path.join(clip_dir, "preprocessor_config.json")
    if os.path.exists(pre):
        with open(pre) as f:
            p = json.load(f)
        size, crop = p.get("size", {}), p.get("crop_size", {})
        edge = size.get("shortest_edge") if isinstance(size, dict) else size
        crop_edge = crop.get("height") if isinstance(crop, dict) else crop
        if isinstance(crop, dict) and crop.get("height") != crop.get("width"):
            raise ExportError(f"{pre}: crop_size {crop} is not square; the engine crops squares")
        if edge and crop_edge:
            section["image"] = {"shortest_edge": int(edge), "crop_size": int(crop_edge),
                                "mean": p.get("image_mean", section["image"]["mean"]),
                                "std": p.get("image_std", section["image"]["std"])}
    return section


def prior_component(checkpoint: str, config: str, folder: str) -> dict:
    conv = converter("prior")
    try:
        cfg, _, _ = conv.convert(checkpoint, config, folder)
    except conv.ConversionError as e:
        raise ExportError(f"prior: {e}") from e
    os.remove(os.path.join(folder, conv.CONFIG_FILE))
    return {"weights": conv.WEIGHTS_FILE, "config": cfg}


def vocoder_component(args, audio: AudioConfig, folder: str) -> dict:
    if not args.bigvgan:
        return {"kind": "griffin-lim", "config": {"iterations": args.griffin_lim_iterations}}
    if not args.bigvgan_config:
        raise ExportError("--bigvgan needs --bigvgan-config (the model's config.json)")
    conv = converter("bigvgan")
    section = conv.convert(args.bigvgan, args.bigvgan_config, folder, "vocoder")
    os.remove(os.path.join(folder, "vocoder.json"))
    c = section["config"]
    pairs = [("num_mels", audio.n_mels), ("sampling_rate", audio.sample_rate), ("hop_size", audio.hop),
             ("n_fft", audio.n_fft), ("win_size", audio.win)]
    wrong = [(k, c[k], v) for k, v in pairs if k in c and int(c[k]) != int(v)]
    # BigVGAN's fmax null means the Nyquist frequency.
    for k, v in (("fmin", audio.fmin), ("fmax", audio.fmax)):
        found = c.get(k)
        found = audio.sample_rate / 2 if (k == "fmax" and found is None) else found
        if found is not None and abs(float(found) - float(v)) > 1e-6:
            wrong.append((k, found, v))
    if wrong:
        raise ExportError(f"{args.bigvgan_config}: BigVGAN was trained on other mels than the U-Net "
                          f"({', '.join(f'{k} {a} vs {b}' for k, a, b in wrong)}); use a matching vocoder or Griffin-Lim")
    return section


def share_like_umask(folder: str):
    """mkdtemp and some writers create owner-only files; a bundle is read by whoever runs the engine."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
    for name in os.listdir(folder):
        os.chmod(os.path.join(folder, name), 0o666 & ~umask)


def export(args) -> dict:
    ck = load_checkpoint(args.checkpoint)
    audio = AudioConfig.from_json(ck["audio"])
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not args.force:
        raise ExportError(f"{out} exists: pass --force to replace it")

    def write(tmp: str) -> dict:
        clip = clip_component(args.clip, tmp, ck.get("clip") or {}, args.dtype)
        unet = unet_component(ck, args.weights, tmp, args.dtype)
        if clip["config"]["projection_dim"] != unet["config"]["clip_dim"]:
            raise ExportError(f"{args.clip}: CLIP embeddings are {clip['config']['projection_dim']} wide, "
                              f"the U-Net takes {unet['config']['clip_dim']}")
        if unet["config"]["n_mels"] != audio.n_mels:
            raise ExportError(f"{args.checkpoint}: unet n_mels {unet['config']['n_mels']} differs from audio n_mels {audio.n_mels}")
        prior = None
        if args.prior:
            prior = prior_component(os.path.join(args.prior, "prior.pth"),
                                    os.path.join(args.prior, "prior_config.json"), tmp)
        elif args.prior_checkpoint:
            if not args.prior_config:
                raise ExportError("--prior-checkpoint needs --prior-config")
            prior = prior_component(args.prior_checkpoint, args.prior_config, tmp)
        if prior and prior["config"]["image_embed_dim"] != clip["config"]["projection_dim"]:
            raise ExportError(f"the prior makes {prior['config']['image_embed_dim']}-wide embeddings, "
                              f"CLIP's are {clip['config']['projection_dim']} wide")
        manifest = {
            "format": "clipsonic-bundle", "version": 1,
            "name": args.name or os.path.basename(out),
            "description": args.description or f"CLIPSonic U-Net trained {ck.get('step', 0)} steps "
                                               f"({os.path.basename(os.path.dirname(os.path.abspath(args.checkpoint)))})",
            "license": args.license,
            "audio": audio.to_json(),
            "clip": clip,
        }
        if prior:
            manifest["prior"] = prior
        manifest["unet"] = unet
        manifest["vocoder"] = vocoder_component(args, audio, tmp)
        if args.audio_encoder:
            manifest[audio_encoder_export.SECTION] = audio_encoder_component(
                args.audio_encoder, tmp, clip["config"]["projection_dim"], audio.n_mels, args.dtype)
        atomic.save_json(manifest, os.path.join(tmp, "bundle.json"))
        share_like_umask(tmp)
        return manifest

    return atomic.replace_folder(out, write)


def replace_prior(args) -> dict:
    """The bundle at --out with its prior replaced; nothing else in it changes."""
    out = os.path.abspath(args.out)
    try:
        with open(os.path.join(out, "bundle.json")) as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise ExportError(f"{out}/bundle.json: cannot read ({e})") from e

    def write(tmp: str) -> dict:
        old = manifest.get("prior", {}).get("weights")
        for name in os.listdir(out):
            if name != "bundle.json" and name != old and os.path.isfile(os.path.join(out, name)):
                shutil.copy2(os.path.join(out, name), os.path.join(tmp, name))
        if args.prior:
            prior = prior_component(os.path.join(args.prior, "prior.pth"), os.path.join(args.prior, "prior_config.json"), tmp)
        elif args.prior_checkpoint and args.prior_config:
            prior = prior_component(args.prior_checkpoint, args.prior_config, tmp)
        else:
            raise ExportError("--replace-prior needs --prior (or --prior-checkpoint and --prior-config)")
        width = manifest.get("clip", {}).get("config", {}).get("projection_dim")
        if prior["config"]["image_embed_dim"] != width:
            raise ExportError(f"the prior makes {prior['config']['image_embed_dim']}-wide embeddings, CLIP's are {width} wide")
        # The same place among the sections as a full export puts it.
        rest = {k: v for k, v in manifest.items() if k != "prior"}
        ordered = {}
        for k, v in rest.items():
            if k == "unet":
                ordered["prior"] = prior
            ordered[k] = v
        ordered.setdefault("prior", prior)
        atomic.save_json(ordered, os.path.join(tmp, "bundle.json"))
        share_like_umask(tmp)
        return ordered

    return atomic.replace_folder(out, write)


def audio_encoder_component(checkpoint: str, folder: str, clip_dim: int, n_mels: int, dtype: str) -> dict:
    try:
        return audio_encoder_export.write_component(checkpoint, folder, clip_dim, n_mels, dtype)
    except audio_encoder_export.AudioEncoderExportError as e:
        raise ExportError(str(e)) from e


def add_audio_encoder(args) -> dict:
    """The bundle at --out with its audio encoder added or replaced; every other file is kept
    byte for byte."""
    out = os.path.abspath(args.out)
    try:
        with open(os.path.join(out, "bundle.json")) as f:
            manifest = json.load(f)
        clip_dim, n_mels = int(manifest["clip"]["config"]["projection_dim"]), int(manifest["audio"]["n_mels"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise ExportError(f"{out}/bundle.json: cannot read its CLIP width and mel bands ({e!r})") from e
    if not args.audio_encoder:
        raise ExportError("--add-audio-encoder needs --audio-encoder (train_audio_encoder.py's checkpoint.pt)")
    key = audio_encoder_export.SECTION

    def write(tmp: str) -> dict:
        old = manifest.get(key, {}).get("weights")
        for name in os.listdir(out):
            if name not in ("bundle.json", old) and os.path.isfile(os.path.join(out, name)):
                shutil.copy2(os.path.join(out, name), os.path.join(tmp, name))
        updated = {k: v for k, v in manifest.items() if k != key}
        updated[key] = audio_encoder_component(args.audio_encoder, tmp, clip_dim, n_mels, args.dtype)
        atomic.save_json(updated, os.path.join(tmp, "bundle.json"))
        share_like_umask(tmp)
        return updated

    return atomic.replace_folder(out, write)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="train_unet.py's RUN/checkpoint.pt (needed unless --replace-prior)")
    ap.add_argument("--clip", help="the Hugging Face CLIP folder the dataset was built with (needed unless --replace-prior)")
    ap.add_argument("--replace-prior", action="store_true",
                    help="replace only the prior of the existing bundle --out (every other file kept)")
    ap.add_argument("--audio-encoder", help="train_audio_encoder.py's RUN/checkpoint.pt (optional component)")
    ap.add_argument("--add-audio-encoder", action="store_true",
                    help="add or replace only the audio encoder of the existing bundle --out (every other file kept)")
    ap.add_argument("--out", required=True, help="bundle folder to create")
    ap.add_argument("--weights", choices=["ema", "model"], default="ema")
    ap.add_argument("--prior", help="train_prior.py run folder (prior.pth + prior_config.json)")
    ap.add_argument("--prior-checkpoint", help="a dalle2-pytorch prior checkpoint (e.g. LAION's)")
    ap.add_argument("--prior-config", help="its prior_config.json")
    ap.add_argument("--bigvgan", help="BigVGAN generator checkpoint (default vocoder: Griffin-Lim)")
    ap.add_argument("--bigvgan-config", help="BigVGAN config.json")
    ap.add_argument("--griffin-lim-iterations", type=int, default=32)
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32",
                    help="stored type of the CLIP and U-Net weights (the engine computes in F32 either way)")
    ap.add_argument("--name")
    ap.add_argument("--description")
    ap.add_argument("--license", default="see the licences of the CLIP, prior and vocoder weights and of the training videos")
    ap.add_argument("--force", action="store_true", help="replace an existing --out")
    a = ap.parse_args(argv)
    if not (a.replace_prior or a.add_audio_encoder) and not (a.checkpoint and a.clip):
        ap.error("--checkpoint and --clip are needed (unless --replace-prior or --add-audio-encoder)")
    return a


def main(argv=None):
    a = parse_args(argv)
    try:
        if a.replace_prior:
            manifest = replace_prior(a)
        elif a.add_audio_encoder:
            manifest = add_audio_encoder(a)
        else:
            manifest = export(a)
    except ExportError as e:
        sys.exit(f"export: {e}")
    parts = [k for k in ("clip", "prior", "unet") if k in manifest]
    parts += [f"vocoder ({manifest['vocoder'].get('kind')})"] if "vocoder" in manifest else []
    parts += [k for k in (audio_encoder_export.SECTION,) if k in manifest]
    print(f"{a.out}: bundle with {', '.join(parts)}; check it with: clipsonic info {a.out}")


if __name__ == "__main__":
    main()
