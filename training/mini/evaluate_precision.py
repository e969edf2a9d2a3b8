"""The faster number formats, measured on models/mini with takes made by the Swift engine.

`precision bfloat16` (the U-Net's and the vocoder's convolutions on oneDNN's bfloat16 kernels)
and `prior-weights float16` (the prior's weight matrices stored as halves) each change a take a
little. For held-out test samples of every class, in zero-shot, prior and image modes, the same
requests (same seeds) are made at float32 and at the faster format, and measured as the main
evaluation measures them (training/mini/evaluate.py): class accuracy, Fréchet distance and the
audible-property errors, plus how far each take moved from its float32 twin (mean absolute
difference of normalised log-mels, next to the distance between two float32 takes of the same
prompt with different seeds for scale) and how often the classifier hears the twins as the same
class.

    python3 -m training.mini.evaluate_precision --data work/mini --bundle models/mini --out models/mini/EVAL.md

Writes its own section of EVAL.md (training/mini/eval_sections.py), leaving the rest. Needs a
CPU with native bfloat16 kernels (AMX or AVX512_BF16) for the bfloat16 rows: the engine refuses
them elsewhere, and so does this script.
"""
import argparse
import json
import os
import tempfile
import time

import numpy as np
import torch

from training.mini import eval_sections
from training.mini.evaluate import add_take_arguments, audible_error, classify, frechet, measuring_setup, read_wav, request_line, run_batch
from training.mini.evaluate_beyond import mels_of

MODES = ("zero-shot", "prior", "image")
# (row name, request parameters, modes it applies to): prior-weights changes only the prior.
FORMATS = (("float32", {}, MODES),
           ("bfloat16", {"precision": "bfloat16"}, MODES),
           ("prior-weights float16", {"prior_weights": "float16"}, ("prior",)))
SECTION = "precision"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=None, help="EVAL.md to write the precision section into (default: print)")
    ap.add_argument("--per-class", type=int, default=6)
    add_take_arguments(ap)
    a = ap.parse_args(argv)
    t0 = time.time()
    torch.manual_seed(0)
    test, audio, names, clf = measuring_setup(a.data, a.classifier_samples)
    _, real_emb = classify(clf, test["mels"])

    picks = []
    for c in range(len(names)):
        picks += (test["classes"] == c).nonzero()[:, 0].tolist()[: a.per_class]
    # The same seeds as the main evaluation's mode rows; +50000 for the second float32 take.
    seed_of = {i: 1000 + k for k, i in enumerate(picks)}
    from PIL import Image

    work = tempfile.mkdtemp(prefix="clipsonic-precision-")
    common = dict(steps=a.steps, guidance=a.guidance)
    jobs = []  # (row, mode, sample index, request line)
    for i in picks:
        png = os.path.join(work, f"{seed_of[i]}.png")
        Image.fromarray(test["images"][i].numpy()).save(png)
        for row, extra, modes in FORMATS + (("float32, another seed", {}, MODES),):
            seed = seed_of[i] + (50000 if row == "float32, another seed" else 0)
            for mode in modes:
                jobs.append((row, mode, i, request_line(prompt=test["captions"][i] if mode != "image" else "", mode=mode,
                                                        image=png if mode == "image" else None, seed=seed,
                                                        **extra, **common)))
    files = run_batch(a.binary, a.bundle, [j[3] for j in jobs], work, a.workers, a.threads)
    generated = time.time() - t0

    takes = {}
    for (row, mode, i, _), f in zip(jobs, files):
        takes[(row, mode, i)] = f

    def measure(row, mode):
        waves = [read_wav(takes[(row, mode, i)]) for i in picks]
        mels = mels_of(waves, audio)
        pred, emb = classify(clf, mels)
        return mels, pred, emb, waves

    base = {mode: measure("float32", mode) for mode in MODES}
    results = []
    for row, _, modes in FORMATS + (("float32, another seed", {}, MODES),):
        for mode in modes:
            mels, pred, emb, waves = base[mode] if row == "float32" else measure(row, mode)
            truth = torch.tensor([int(test["classes"][i]) for i in picks])
            errors = {"pitch": [], "count": [], "intensity": []}
            for i, w in zip(picks, waves):
                kind, err = audible_error(names[int(test["classes"][i])], test["properties"][i].tolist(), w, audio.sample_rate)
                errors[kind].append(err)
            voiced = [e for e in errors["pitch"] if np.isfinite(e)]
            results.append({
                "row": row, "mode": mode, "accuracy": (pred == truth).float().mean().item(), "fd": frechet(emb, real_emb),
                "pitch": float(np.median(voiced)) if voiced else float("nan"),
                "count": float(np.mean(errors["count"])) if errors["count"] else float("nan"),
                "mel_distance": (mels - base[mode][0]).abs().mean().item(),
                "same_class": (pred == base[mode][1]).float().mean().item()})
    total = time.time() - t0

    command = (f"python3 -m training.mini.evaluate_precision --data {a.data} --bundle {a.bundle}"
               + (f" --out {a.out}" if a.out else "") + f" --per-class {a.per_class} --steps {a.steps} --guidance {a.guidance}")
    lines = ["## Precision", "",
             f"Made by `{command}`: {a.per_class} held-out test samples per class ({len(picks)} in all), the main "
             f"evaluation's seeds, each request made at float32 and at the faster format; {len(jobs)} takes in "
             f"{generated / 60:.1f} min ({total / 60:.1f} min in all). Distance to float32: mean absolute difference of "
             "normalised log-mels from the float32 take of the same request; the \"float32, another seed\" rows give the "
             "scale (a float32 take of the same prompt from another seed). Same class: how often the classifier hears a "
             "take as the class it hears its float32 twin as.", "",
             "| format | mode | class accuracy | Fréchet distance | pitch error, median semitones | count error, mean | distance to float32 | same class as float32 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['row']} | {r['mode']} | {r['accuracy']:.1%} | {r['fd']:.2f} | {r['pitch']:.2f} | {r['count']:.2f} "
                     f"| {r['mel_distance']:.4f} | {r['same_class']:.1%} |")
    text = "\n".join(lines) + "\n"
    if a.out:
        eval_sections.write_section(a.out, SECTION, text)
    print(text)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
