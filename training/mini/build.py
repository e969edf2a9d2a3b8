"""Rebuilds models/mini, the embedded default bundle, from nothing but this repository:

    python3 -m training.mini.build [--work work/mini] [--out models/mini]

1. render the miniature world (training/world): pictures, captions, mels      (training.mini.data)
2. train the tiny CLIP on (picture, caption) pairs                          (training.mini.train_clip)
3. encode pictures and captions with it                                     (training.mini.embed)
3b. train the audio encoder on (mel, picture embedding) pairs: the U-Net's   (training.clipsonic.train_audio_encoder)
   shards, InfoNCE into the frozen CLIP picture space, no text
4. train the U-Net on (picture embedding, mel) pairs only, never text       (training.clipsonic.train_unet)
5. train the diffusion prior on (caption, picture) embeddings, with a       (training.clipsonic.train_prior)
   learned null text condition so that prior guidance works
6. export the bundle (CLIP, U-Net and audio encoder stored as F16;          (training.clipsonic.export)
   Griffin-Lim vocoder)
7. evaluate it with the Swift engine and write EVAL.md                      (training.mini.evaluate)
   and the audio encoder's retrieval                                        (training.mini.evaluate_retrieval)

Every step keeps its output in --work and is skipped when that output exists (delete it to redo
a step); training steps resume from their checkpoints. All on the CPU.

--prior-only retrains only the prior of an existing bundle: the CLIP folder is rebuilt from the
bundle's clip.safetensors (training.mini.clip_folder) instead of being trained, no U-Net shards
are written and the U-Net is not trained, and the export replaces only prior.safetensors and
bundle.json's prior section (export --replace-prior); CLIP and U-Net stay byte for byte.

--audio-encoder-only trains only the audio encoder and adds it to an existing bundle: the CLIP
folder is rebuilt from the bundle the same way, only the U-Net shards are written (embed
--unet-only), and the export adds audio_encoder.safetensors and bundle.json's audio_encoder section
(export --add-audio-encoder); CLIP, U-Net, prior and every other file stay byte for byte.
"""
import argparse
import glob
import os
import subprocess
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(args, log):
    print("$", " ".join(args), flush=True)
    with open(log, "a") as f:
        r = subprocess.run([sys.executable, "-m"] + args, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"step failed ({' '.join(args[:1])}); see {log}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="work/mini")
    ap.add_argument("--out", default="models/mini")
    ap.add_argument("--train-samples", type=int, default=36000, help="rendered training samples")
    ap.add_argument("--clip-steps", type=int, default=2000)
    ap.add_argument("--unet-steps", type=int, default=3300)
    ap.add_argument("--unet-cond-lr-mult", type=float, default=10.0,
                    help="learning-rate multiplier of the U-Net's conditioning path (train_unet --cond-lr-mult)")
    ap.add_argument("--prior-steps", type=int, default=1000)
    # The audio encoder (training/mini/README.md, "The audio encoder"): small, as the 64-d CLIP space
    # of the mini world needs little; InfoNCE only, batch 128 (127 negatives a pair).
    ap.add_argument("--audio-encoder-steps", type=int, default=600)
    ap.add_argument("--audio-encoder-channels", type=int, nargs="+", default=[16, 32, 64, 64])
    ap.add_argument("--audio-encoder-hidden", type=int, default=128)
    ap.add_argument("--audio-encoder-batch", type=int, default=128)
    ap.add_argument("--audio-encoder-lr", type=float, default=2e-3)
    ap.add_argument("--audio-encoder-warmup", type=int, default=50)
    ap.add_argument("--skip-eval", action="store_true")
    only = ap.add_mutually_exclusive_group()
    only.add_argument("--prior-only", action="store_true",
                      help="retrain only the prior of the bundle at --out, keeping its CLIP and U-Net")
    only.add_argument("--audio-encoder-only", action="store_true",
                      help="train only the audio encoder and add it to the bundle at --out, keeping every other file")
    a = ap.parse_args(argv)
    w = a.work
    os.makedirs(w, exist_ok=True)
    log = os.path.join(w, "build.log")
    if not os.path.exists(os.path.join(w, "world-test.pt")):
        run(["training.mini.data", "--out", w, "--train", str(a.train_samples)], log)
    from_bundle = a.prior_only or a.audio_encoder_only
    if not os.path.exists(os.path.join(w, "clip", "config.json")):
        if from_bundle:
            run(["training.mini.clip_folder", "--bundle", a.out, "--out", os.path.join(w, "clip")], log)
        else:
            run(["training.mini.train_clip", "--data", w, "--out", os.path.join(w, "clip"), "--steps", str(a.clip_steps)], log)
    if a.audio_encoder_only:
        if not shard_paths(w, "test"):
            run(["training.mini.embed", "--data", w, "--clip", os.path.join(w, "clip"), "--unet-only"], log)
        checkpoint = audio_encoder_step(a, w, log)
        run(["training.clipsonic.export", "--add-audio-encoder", "--audio-encoder", checkpoint, "--dtype", "f16",
             "--out", a.out], log)
        evaluate_retrieval(a, w, log)
        print(f"built {a.out}")
        return
    if not os.path.exists(os.path.join(w, "prior-test.pt")):
        run(["training.mini.embed", "--data", w, "--clip", os.path.join(w, "clip")] + (["--prior-only"] if a.prior_only else []), log)
    prior_run = os.path.join(w, "prior-run")
    # The learned null condition (training/clipsonic/prior_null.py): with dalle2-pytorch 1.1.0's
    # network alone, condition dropout teaches nothing and prior guidance changes nothing.
    train_prior = ["training.clipsonic.train_prior", "--clip", os.path.join(w, "clip"), "--out", prior_run, "--depth", "4",
                   "--heads", "4", "--dim-head", "16", "--sample-timesteps", "32", "--steps", str(a.prior_steps),
                   "--batch", "128", "--lr", "3e-4", "--ema", "0.999", "--cond-drop", "0.1", "--null-condition", "learned",
                   "--save-every", "500", "--log-every", "100"]
    if a.prior_only:
        if not os.path.exists(os.path.join(prior_run, "embeddings.safetensors")):
            run(["training.mini.prior_pairs", "--data", w, "--out", prior_run], log)
        run(train_prior, log)
        run(["training.clipsonic.export", "--replace-prior", "--prior", prior_run, "--out", a.out], log)
        evaluate(a, w, log)
        return
    audio_encoder = audio_encoder_step(a, w, log)
    # The conditioning path at 10x from the start: at the base rate the L2-normalised picture
    # embedding reached the U-Net too weakly within this budget (training/mini/README.md).
    run(["training.clipsonic.train_unet", "--data", os.path.join(w, "unet-train"), "--out", os.path.join(w, "unet-run"),
         "--preset", "small", "--config", "training/mini/unet.json", "--steps", str(a.unet_steps), "--batch", "16",
         "--lr", "4e-4", "--warmup", "100", "--cond-lr-mult", str(a.unet_cond_lr_mult), "--threads", "2",
         "--save-every", "300", "--log-every", "50"], log)
    if not os.path.exists(os.path.join(prior_run, "embeddings.safetensors")):
        run(["training.mini.prior_pairs", "--data", w, "--out", prior_run], log)
    run(train_prior, log)
    run(["training.clipsonic.export", "--checkpoint", os.path.join(w, "unet-run", "checkpoint.pt"),
         "--clip", os.path.join(w, "clip"), "--prior", prior_run, "--audio-encoder", audio_encoder,
         "--out", a.out, "--dtype", "f16", "--force",
         "--name", "mini", "--license", "CC0-1.0: trained here on the procedural world of training/world; "
         "the CLIP BPE merges file is OpenAI's (MIT licence, models/vocab/LICENSE-bpe_simple_vocab_16e6.md)",
         "--description", "The miniature world's CLIPSonic: 14 sound sources (8 instruments, 6 everyday sounds), "
         "2.048 s at 16 kHz; tiny CLIP, prior and U-Net trained on this CPU "
         f"(CLIP {a.clip_steps} steps, U-Net {a.unet_steps}, prior {a.prior_steps}, audio encoder "
         f"{a.audio_encoder_steps}); Griffin-Lim vocoder."], log)
    evaluate(a, w, log)


def shard_paths(w: str, split: str) -> list:
    return sorted(glob.glob(os.path.join(w, f"unet-{split}", "shard-*.safetensors")))


def finished(checkpoint: str, steps: int) -> bool:
    """A training run's checkpoint that has reached `steps` (training/common/loop.py saves the step)."""
    if not os.path.exists(checkpoint):
        return False
    return int(torch.load(checkpoint, map_location="cpu", weights_only=False).get("step", 0)) >= steps


def audio_encoder_step(a, w, log) -> str:
    """Trains the audio encoder on the U-Net shards (skipped when its run has reached its steps);
    returns its checkpoint."""
    run_dir = os.path.join(w, "audio-encoder-run")
    checkpoint = os.path.join(run_dir, "checkpoint.pt")
    if finished(checkpoint, a.audio_encoder_steps):
        print(f"{checkpoint}: trained, kept", flush=True)
        return checkpoint
    run(["training.clipsonic.train_audio_encoder", "--data", os.path.join(w, "unet-train"), "--out", run_dir,
         "--channels", *map(str, a.audio_encoder_channels), "--hidden-dim", str(a.audio_encoder_hidden),
         "--steps", str(a.audio_encoder_steps), "--batch", str(a.audio_encoder_batch), "--lr", str(a.audio_encoder_lr),
         "--warmup", str(a.audio_encoder_warmup), "--cosine-weight", "0", "--threads", "2",
         "--save-every", "200", "--log-every", "50"], log)
    return checkpoint


def evaluate_retrieval(a, w, log):
    if not a.skip_eval:
        run(["training.mini.evaluate_retrieval", "--data", w, "--bundle", a.out, "--out", os.path.join(a.out, "EVAL.md")], log)


def evaluate(a, w, log):
    if not a.skip_eval:
        subprocess.run(["swift", "build", "-c", "release", "--product", "clipsonic"], cwd=ROOT, check=True)
        run(["training.mini.evaluate", "--data", w, "--bundle", a.out, "--out", os.path.join(a.out, "EVAL.md")], log)
        evaluate_retrieval(a, w, log)
    print(f"built {a.out}")


if __name__ == "__main__":
    main()
