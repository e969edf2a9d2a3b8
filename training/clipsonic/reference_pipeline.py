"""The PyTorch reference of the Swift generation pipeline (Sources/Engine/Pipeline/
GenerationEngine.swift) on a bundle: the same networks from the same files, the same noise, the
same sampler, so that the Swift engine's mel can be checked against it and a bundle can be
evaluated without the Swift build.

    python3 -m training.clipsonic.reference_pipeline BUNDLE "a dog barking" --mode zero-shot \
        --seed 7 --steps 25 --guidance 3 --out mel.safetensors
    python3 -m training.clipsonic.reference_pipeline BUNDLE --mode image --image frame.png --out mel.safetensors

What it matches, stage by stage:
  text     the bundle's merges file through transformers' CLIPTokenizer, with the bundle's
           text_cleaning ("openai": ftfy + HTML unescape, as OpenAI CLIP), ids padded with
           <|endoftext|> to the context length; transformers CLIPModel from clip.safetensors;
           the L2-normalised projected embedding (clip_text.py).
  image    Pillow decode, transformers' CLIPImageProcessor (PIL backend) with the bundle's
           image settings, the vision tower, L2-normalised.
  prior    dalle2-pytorch 1.1.0's DiffusionPrior.sample (DDIM, eta 1, the bundle's
           sample_timesteps or 64, `candidates` per prompt, best by cosine) after
           torch.manual_seed(seed); the engine draws its noise in the same order.
  noise    torch.manual_seed(seed); torch.randn(1, 1, n_mels, frames)  (TorchRandomSource.swift).
  sampler  diffusers DPMSolverMultistepScheduler, dpmsolver++ order 2 midpoint, final sigma 0,
           or DDIMScheduler (eta 0, leading spacing, set_alpha_to_one), configured from
           unet.schedule as training/fixtures/gen_diffusion.py configures the sampler parity
           fixtures.
  guidance one U-Net batch [x; x] with [condition; null embedding], out = u + g (c - u); the
           unconditional pass is skipped at g = 1 (DenoisingLoop.swift).
Output: the normalised mel [n_mels, frames] (what `clipsonic generate --mel-out` saves).
"""
import argparse
import json
import time
import os
import sys

import torch
from safetensors.torch import load_file

from training.common import atomic

from .audio import AudioConfig
from .clip_text import ClipTextEncoder, build_tokenizer
from .unet import UNet, UNetConfig

BETA_SCHEDULES = {"linear": "linear", "cosine": "squaredcos_cap_v2"}
PREDICTIONS = {"eps": "epsilon", "v": "v_prediction", "x0": "sample"}
SAMPLERS = ("dpm++2m", "ddim")
MODES = ("zero-shot", "image", "prior")


class BundleError(Exception):
    """A bundle this reference cannot run; the message names the file and what is wrong."""


def make_scheduler(schedule: dict, sampler: str):
    """The diffusers scheduler equal to the Swift one for `unet.schedule` (SchedulerConfiguration.swift
    defaults: 1000 steps, linear 1e-4..0.02, eps)."""
    from diffusers import DDIMScheduler, DPMSolverMultistepScheduler

    beta = schedule.get("beta_schedule", "linear")
    pred = schedule.get("prediction", "eps")
    if beta not in BETA_SCHEDULES or pred not in PREDICTIONS:
        raise BundleError(f"unet.schedule {schedule}: beta_schedule must be one of {sorted(BETA_SCHEDULES)}, "
                          f"prediction one of {sorted(PREDICTIONS)}")
    common = dict(num_train_timesteps=int(schedule.get("train_steps", 1000)), beta_schedule=BETA_SCHEDULES[beta],
                  beta_start=float(schedule.get("beta_start", 1e-4)), beta_end=float(schedule.get("beta_end", 0.02)),
                  prediction_type=PREDICTIONS[pred])
    spacing = schedule.get("timestep_spacing")
    if sampler == "dpm++2m":
        return DPMSolverMultistepScheduler(**common, algorithm_type="dpmsolver++", solver_order=2,
                                           solver_type="midpoint", final_sigmas_type="zero", lower_order_final=True,
                                           timestep_spacing=spacing or "linspace")
    if sampler == "ddim":
        clip = schedule.get("clip_sample")
        return DDIMScheduler(**common, clip_sample=clip is not None, clip_sample_range=float(clip or 1.0),
                             set_alpha_to_one=True, steps_offset=0, timestep_spacing=spacing or "leading")
    raise BundleError(f"sampler {sampler!r}: use one of {SAMPLERS}")


class ReferencePipeline:
    def __init__(self, bundle_dir: str):
        self.dir = bundle_dir
        path = os.path.join(bundle_dir, "bundle.json")
        try:
            with open(path) as f:
                self.manifest = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            raise BundleError(f"{path}: cannot read the bundle manifest ({e})") from e
        m = self.manifest
        self.audio = AudioConfig.from_json(m["audio"])
        self._load_clip(m["clip"])
        ucfg = UNetConfig.from_dict(m["unet"]["config"])
        self.unet = UNet(ucfg).eval()
        self.unet.load_state_dict(self._weights("unet"), strict=True)
        self.schedule = m["unet"].get("schedule", {})
        self.prior = None
        self._prior_section = m.get("prior")

    def _weights(self, key: str) -> dict:
        path = os.path.join(self.dir, self.manifest[key]["weights"])
        try:
            return {k: v.float() for k, v in load_file(path).items()}
        except Exception as e:  # OSError, or safetensors' own error for a damaged file
            raise BundleError(f"{path}: cannot read the {key} weights ({e})") from e

    def _load_clip(self, section: dict):
        from transformers import CLIPConfig, CLIPModel

        cfg = section["config"]
        self.clip = CLIPModel(CLIPConfig(**cfg)).eval()
        state = self._weights("clip")
        missing, unexpected = self.clip.load_state_dict(state, strict=False)
        missing = [k for k in missing if not k.endswith("position_ids")]
        if missing or unexpected:
            raise BundleError(f"{self.dir}/{section['weights']}: tensors missing {missing[:5]}, unexpected {unexpected[:5]}")
        tokenizer = build_tokenizer(os.path.join(self.dir, section["tokenizer"]))
        context = section.get("context_length") or cfg["text_config"].get("max_position_embeddings", 77)
        self.text_encoder = ClipTextEncoder(self.clip, tokenizer, section.get("text_cleaning", "openai"), context)
        size = cfg["vision_config"].get("image_size", 224)
        self.image_settings = section.get("image") or {"shortest_edge": size, "crop_size": size}

    # ---------------------------------------------------------------- conditions

    def encode_text(self, prompt: str):
        """([1, D] L2-normalised embedding, [1, L, W] encodings with padding zeroed)."""
        return self.text_encoder.encode([prompt])

    @torch.no_grad()
    def encode_image(self, path: str) -> torch.Tensor:
        """A PNG/JPEG (or video@seconds through ffmpeg) -> [1, D] L2-normalised embedding."""
        try:
            from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil as Processor
        except ImportError:
            from transformers import CLIPImageProcessor as Processor
        from PIL import Image

        s = self.image_settings
        kwargs = {}
        if "mean" in s:
            kwargs.update(image_mean=s["mean"], image_std=s["std"])
        proc = Processor(size={"shortest_edge": s["shortest_edge"]},
                         crop_size={"height": s["crop_size"], "width": s["crop_size"]}, **kwargs)
        file, _, at = path.rpartition("@")
        if file and os.path.splitext(file)[1].lower() in (".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v"):
            from .video import read_frame
            image = read_frame(file, float(at))
        else:
            image = Image.open(path)
        pixels = proc(images=image, return_tensors="pt")["pixel_values"]
        emb = self.clip.visual_projection(self.clip.vision_model(pixel_values=pixels).pooler_output)
        return torch.nn.functional.normalize(emb, dim=-1)

    @torch.no_grad()
    def sample_prior(self, prompt: str, seed: int, candidates: int = 2, guidance: float = 1.0) -> torch.Tensor:
        """[1, D] L2-normalised image embedding from the bundle's prior (GenerationEngine.samplePrior)."""
        if not self._prior_section:
            raise BundleError(f"{self.dir}: this bundle has no prior; use zero-shot or image mode")
        prior, cfg = self._load_prior()
        embedding, encodings = self.encode_text(prompt)
        # As the engine: guidance needs the learned null condition (training/clipsonic/prior_null.py);
        # a 1.1.0 prior's unconditional prediction is its conditional one.
        if guidance != 1 and not (cfg["net"].get("learned_null_condition") and cfg.get("cond_drop_prob", 0) > 0):
            raise BundleError(f"{self.dir}: prior guidance {guidance} needs a prior with a learned null condition; "
                              "this one has none: use prior guidance 1")
        scale = guidance
        cond = {"text_embed": embedding.repeat_interleave(candidates, 0)}
        if cfg.get("condition_on_text_encodings", True):
            cond["text_encodings"] = encodings.repeat_interleave(candidates, 0)
        steps = cfg.get("sample_timesteps") or 64
        torch.manual_seed(seed)
        x = prior.p_sample_loop_ddim((candidates, cfg["image_embed_dim"]), cond, timesteps=steps, eta=1.0,
                                     cond_scale=scale)
        x = x / prior.image_embed_scale  # [candidates, D]
        sims = torch.nn.functional.normalize(x, dim=-1) @ torch.nn.functional.normalize(embedding, dim=-1)[0]
        best = x[int(torch.argmax(sims))][None]  # first maximum, as the engine picks
        return torch.nn.functional.normalize(best, dim=-1)

    def _load_prior(self):
        if self.prior is None:
            from .train_prior import build_prior

            cfg = self._prior_section["config"]
            self.prior = build_prior(cfg).eval()
            state = self._weights("prior")
            missing, unexpected = self.prior.load_state_dict(state, strict=False)
            missing = [k for k in missing if not k.startswith("noise_scheduler.") and "rotary_emb" not in k]
            if missing or unexpected:
                raise BundleError(f"{self.dir}: prior tensors missing {missing[:5]}, unexpected {unexpected[:5]}")
        return self.prior, self._prior_section["config"]

    # ---------------------------------------------------------------- sampling

    @torch.no_grad()
    def sample(self, condition: torch.Tensor, seed: int, steps: int = 25, guidance: float = 3.0,
               sampler: str = "dpm++2m", frames: int = None) -> torch.Tensor:
        """condition: [1, D] -> normalised mel [n_mels, frames]; [B, D] -> [B, n_mels, frames] (the
        noise of a batch is one draw [B, 1, n_mels, frames], so only B = 1 matches the engine)."""
        frames = frames or self.audio.frames
        n = condition.shape[0]
        scheduler = make_scheduler(self.schedule, sampler)
        scheduler.set_timesteps(steps)
        torch.manual_seed(seed)
        x = torch.randn(n, self.unet.config.in_channels, self.audio.n_mels, frames)
        null = self.unet.null_embedding[None].expand(n, -1)
        guided = guidance != 1
        emb = torch.cat([condition, null]) if guided else condition  # [2B or B, D]
        for t in scheduler.timesteps:
            if guided:
                both = self.unet(torch.cat([x, x]), t.expand(2 * n), emb)
                c, u = both[:n], both[n:]
                out = u + guidance * (c - u)
            else:
                out = self.unet(x, t.expand(n), emb)
            x = scheduler.step(out, t, x).prev_sample
        return x.reshape(self.audio.n_mels, frames) if n == 1 else x.reshape(n, self.audio.n_mels, frames)

    def generate(self, mode: str, prompt: str = "", image: str = None, seed: int = 0, steps: int = 25,
                 guidance: float = 3.0, sampler: str = "dpm++2m", frames: int = None, candidates: int = 2,
                 prior_guidance: float = 1.0) -> torch.Tensor:
        if mode == "zero-shot":
            condition = self.encode_text(prompt)[0]
        elif mode == "image":
            if not image:
                raise BundleError("image mode needs --image PATH")
            condition = self.encode_image(image)
        elif mode == "prior":
            condition = self.sample_prior(prompt, seed, candidates, prior_guidance)
        else:
            raise BundleError(f"mode {mode!r}: use one of {MODES}")
        return self.sample(condition, seed, steps, guidance, sampler, frames)


def peak_resident_mib():
    """This process's peak resident memory (VmHWM), for bench/'s memory row; None off Linux.
    Not getrusage's ru_maxrss, which a child inherits from the process that started it."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bundle")
    ap.add_argument("prompt", nargs="?", default="")
    ap.add_argument("--mode", choices=MODES, default="zero-shot")
    ap.add_argument("--image", help="PNG/JPEG, or video.mp4@SECONDS, for image mode")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--sampler", choices=SAMPLERS, default="dpm++2m")
    ap.add_argument("--frames", type=int, help="mel frames (default: the bundle's)")
    ap.add_argument("--candidates", type=int, default=2, help="prior samples per prompt (prior mode)")
    ap.add_argument("--prior-guidance", type=float, default=1.0)
    ap.add_argument("--out", required=True, help="safetensors file for the mel (tensor \"mel\" [n_mels, frames])")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    ap.add_argument("--json", action="store_true", help="print a JSON line with the generation time (bench/)")
    ap.add_argument("--warm-up", action="store_true",
                    help="first an untimed generation of 2 steps at the same shapes, as the Swift bench warms its "
                         "engine: the timed one then pays no first-call costs (oneDNN's kernels, allocations)")
    a = ap.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    try:
        pipe = ReferencePipeline(a.bundle)
        if a.warm_up:
            pipe.generate(a.mode, a.prompt, a.image, a.seed, min(2, a.steps), a.guidance, a.sampler, a.frames,
                          a.candidates, a.prior_guidance)
        start = time.perf_counter()
        mel = pipe.generate(a.mode, a.prompt, a.image, a.seed, a.steps, a.guidance, a.sampler, a.frames,
                            a.candidates, a.prior_guidance)
        seconds = time.perf_counter() - start
    except BundleError as e:
        sys.exit(f"reference_pipeline: {e}")
    atomic.save_safetensors({"mel": mel.contiguous()}, a.out)
    if a.json:
        print(json.dumps({"bench": "pipeline", "impl": "pytorch", "mode": a.mode, "steps": a.steps,
                          "frames": int(mel.shape[-1]), "seconds": round(seconds, 4), "threads": torch.get_num_threads(),
                          "peak_rss_mib": peak_resident_mib()}))
    else:
        print(f"{a.out}: mel {list(mel.shape)}, mean {mel.mean():.4f}, std {mel.std():.4f}")


if __name__ == "__main__":
    main()
