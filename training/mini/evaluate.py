"""The CLIPSonic evaluation in small, on sounds made by the Swift engine.

For held-out test samples of the world (captions from the held-out templates, unseen pictures),
generate in zero-shot, prior and image modes with `clipsonic batch`, then measure, as the paper
does with its classifier and FAD:
- class accuracy: a classifier trained on real sounds of the world assigns the generated sound
  to the class of the prompt or picture;
- Fréchet distance between that classifier's embeddings of generated and of real test sounds
  (the FAD analogue; lower is better);
- the error of the audible property: pitch (semitones, median) for pitched classes, the number of
  events for counted classes, intensity for rain (training/world/estimate.py).

Besides the three modes, on the first --extra-per-class test samples of each class:
- prior guidance: prior mode at prior guidance 1, 2 and 4 (the learned null condition's
  unconditional branch; 1 is the prior-mode take itself);
- negative prompts (default negative-strength 0.5 unless named), in a second pass: zero-shot and prior mode with a negative prompt naming
  the class the target is most often mistaken for (per mode, the class of highest mean
  classifier probability on the first pass's takes of the target class's other samples, those
  outside the extra ones: a negative can only
  be seen to steer where there is something to steer away from), and prior mode with a
  negative naming a class drawn at random (whether an unrelated negative costs accuracy). The
  negative is the caption of a test sample of that class outside the picks. Measured: the
  target class's accuracy, how often the take is heard as the negative's class and the
  classifier's mean probability of it, against the same takes without the negative (same
  seeds); prior mode also at strengths 0.25 and 1, and with the negative's text embedding in
  place of the unconditional branch (CLIPSONIC_NEGATIVE=text, how the engine applied it before).

    python3 -m training.mini.evaluate --data work/mini --bundle models/mini --out models/mini/EVAL.md

The Swift engine runs as --workers `clipsonic batch` processes of --threads threads each: on a
busy 2-core machine one thread per process was measured 6x faster than two (26 s against 4 s of
denoising for one take), as OpenMP threads wait on each other.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from training import world
from training.clipsonic.audio import AudioConfig, log_mel, normalise
from training.mini import data as world_data
from training.mini import eval_sections

MODES = ("zero-shot", "prior", "image")
PRIOR_GUIDANCE = (1.0, 2.0, 4.0)
# negative-strength besides the default 0.5, on the prior-mode confusable negatives.
NEGATIVE_STRENGTHS = (0.25, 1.0)

# The batch runner's key for each request parameter: the one place that spells them.
BATCH_KEYS = {"prompt": "prompt", "mode": "mode", "image": "image", "seed": "seed", "steps": "steps",
              "guidance": "guidance", "prior_guidance": "prior-guidance", "negative": "negative",
              "negative_strength": "negative-strength", "precision": "precision", "prior_weights": "prior-weights"}


def request_line(**params) -> str:
    """One `clipsonic batch` JSON line from request parameters (None values left out)."""
    return json.dumps({BATCH_KEYS[k]: v for k, v in params.items() if v is not None})


class SoundClassifier(nn.Module):
    """A small CNN over normalised log-mels [B, 80, T] -> (logits [B, classes], embedding [B, 128])."""

    def __init__(self, classes: int):
        super().__init__()
        chans = [1, 16, 32, 64, 128]
        self.convs = nn.ModuleList(nn.Conv2d(a, b, 3, stride=2, padding=1) for a, b in zip(chans, chans[1:]))
        self.norms = nn.ModuleList(nn.BatchNorm2d(b) for b in chans[1:])
        self.head = nn.Linear(128, classes)

    def forward(self, mel):
        x = mel.unsqueeze(1)
        for conv, norm in zip(self.convs, self.norms):
            x = F.relu(norm(conv(x)))
        emb = x.mean(dim=(2, 3))
        return self.head(emb), emb


def train_classifier(train: dict, classes: int, epochs: int = 4, seed: int = 0) -> SoundClassifier:
    torch.manual_seed(seed)
    model = SoundClassifier(classes)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    mels, labels = train["mels"].float(), train["classes"]
    for _ in range(epochs):
        for idx in torch.randperm(len(mels)).split(64):
            loss = F.cross_entropy(model(mels[idx])[0], labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval()


@torch.no_grad()
def classify(model, mels: torch.Tensor):
    logits, emb = zip(*(model(m) for m in mels.float().split(256)))
    return torch.cat(logits).argmax(-1), torch.cat(emb).double().numpy()


@torch.no_grad()
def probabilities(model, mels: torch.Tensor) -> torch.Tensor:
    """The classifier's softmax over classes. [B, classes]"""
    return torch.cat([model(m)[0].softmax(-1) for m in mels.float().split(256)])


def pick_classifier(train: dict, val: dict, classes: int, samples: int):
    """The measuring instrument: a classifier of real sounds, on a fixed part of the training split
    (so its cost does not grow with the U-Net's data; 12,000 real sounds already put it within a
    few points of perfect). Its training is not stable from every seed (measured here: 83.3% on
    real test sounds from seed 0, 99.9% from seed 1, with bell and rain almost never right from
    seed 0), so it is chosen by its accuracy on the validation split.
    Returns (validation accuracy, seed, model)."""
    n = min(samples, len(train["classes"]))
    best = None
    for seed in range(3):
        model = train_classifier({"mels": train["mels"][:n], "classes": train["classes"][:n]}, classes, seed=seed)
        acc = (classify(model, val["mels"])[0] == val["classes"]).float().mean().item()
        if best is None or acc > best[0]:
            best = (acc, seed, model)
        if acc >= 0.99:
            break
    return best


def add_take_arguments(ap) -> None:
    """The options every evaluation of engine-made takes shares: the bundle, the sampling, the
    engine processes and the classifier's training size."""
    ap.add_argument("--bundle", default="models/mini")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--binary", default=".build/release/clipsonic")
    ap.add_argument("--workers", type=int, default=2, help="clipsonic processes run at once")
    ap.add_argument("--threads", type=int, default=1, help="engine threads per process (CLIPSONIC_THREADS)")
    ap.add_argument("--classifier-samples", type=int, default=12000, help="real training sounds the classifier learns from")


def measuring_setup(data: str, classifier_samples: int):
    """What every evaluation of takes starts from: the test split, its audio settings and class
    names, and the classifier of real sounds (`pick_classifier`). -> (test, audio, names, classifier)"""
    train = torch.load(world_data.path(data, "train"), weights_only=False)
    val = torch.load(world_data.path(data, "val"), weights_only=False)
    test = torch.load(world_data.path(data, "test"), weights_only=False)
    names = test["class_names"]
    acc, seed, clf = pick_classifier(train, val, len(names), classifier_samples)
    # Its training is not the same on every CPU (float rounding over many steps), so the
    # accuracy columns of runs on two machines are measured by two instruments: say which.
    clf.validation_accuracy, clf.seed = acc, seed
    print(f"classifier: seed {seed}, {acc:.1%} of real validation sounds right", flush=True)
    return test, AudioConfig.from_json(test["audio"]), names, clf


def audible_error(name: str, properties: list, wave: np.ndarray, sample_rate: int):
    """The error of a take's audible property against the sample's own (training/world/estimate.py):
    ("intensity", abs error) for rain, ("count", events off) for counted classes, ("pitch",
    semitones off; inf when unvoiced) for pitched ones. properties: [size, pitch_hz, count, intensity]."""
    size, pitch, count, intensity = properties
    if name == "rain":
        return "intensity", world.property_error(name, intensity, wave, sample_rate)
    if world.spec(name).audible == "count":
        return "count", world.property_error(name, int(count), wave, sample_rate)
    return "pitch", world.property_error(name, pitch, wave, sample_rate)


def frechet(a: np.ndarray, b: np.ndarray) -> float:
    from scipy import linalg

    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean.real))


def read_wav(path: str) -> np.ndarray:
    import soundfile as sf

    y, _ = sf.read(path, dtype="float32")
    return y if y.ndim == 1 else y.mean(1)


def run_batch(binary: str, bundle: str, lines: list, work: str, workers: int, threads: int,
              env_extra: dict = None, tag: str = "") -> list:
    """Generates every request line with `clipsonic batch`, split over `workers` processes;
    returns the takes' files in the order of the lines."""
    env = dict(os.environ, CLIPSONIC_THREADS=str(threads), **(env_extra or {}))
    parts = [list(range(w, len(lines), workers)) for w in range(workers)]
    procs = []
    for w, idx in enumerate(parts):
        if not idx:
            continue
        jobs = os.path.join(work, f"jobs{tag}-{w}.jsonl")
        with open(jobs, "w") as f:
            f.write("".join(lines[i] + "\n" for i in idx))
        procs.append((idx, subprocess.Popen([binary, "batch", jobs, "--out-dir", os.path.join(work, f"takes{tag}-{w}"),
                                             "--bundle", bundle], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            text=True, env=env)))
    files = [None] * len(lines)
    for idx, p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"clipsonic batch failed: {err.strip()[-500:]}")
        for i, t in zip(idx, json.loads(out)["takes"]):
            files[i] = t["file"]
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=None, help="EVAL.md to write (default: print)")
    ap.add_argument("--per-class", type=int, default=6)
    ap.add_argument("--extra-per-class", type=int, default=3,
                    help="test samples per class for the prior-guidance and negative-prompt rows")
    add_take_arguments(ap)
    a = ap.parse_args(argv)
    t0 = time.time()
    torch.manual_seed(0)
    train = torch.load(world_data.path(a.data, "train"), weights_only=False)
    test = torch.load(world_data.path(a.data, "test"), weights_only=False)
    audio = AudioConfig.from_json(test["audio"])
    names = test["class_names"]
    val = torch.load(world_data.path(a.data, "val"), weights_only=False)
    val_acc, clf_seed, clf = pick_classifier(train, val, len(names), a.classifier_samples)
    real_pred, real_emb = classify(clf, test["mels"])
    real_acc = (real_pred == test["classes"]).float().mean().item()

    # The first `per-class` test samples of every class; the first `extra-per-class` of them
    # also get the prior-guidance and negative-prompt takes.
    picks, extra = [], []
    for c in range(len(names)):
        rows = (test["classes"] == c).nonzero()[:, 0].tolist()
        picks += rows[: a.per_class]
        extra += rows[: min(a.extra_per_class, a.per_class)]
    seed_of = {i: 1000 + k for k, i in enumerate(picks)}
    # A negative class is named by the caption of a test sample of that class outside the picks,
    # drawn with the sample's seed.
    spare = {c: [i for i in (test["classes"] == c).nonzero()[:, 0].tolist() if i not in seed_of] for c in range(len(names))}

    def negative_caption(i, neg):
        rng = np.random.default_rng(seed_of[i] + 7919 * neg)
        return test["captions"][spare[neg][int(rng.integers(len(spare[neg])))]]

    random_negative = {}
    for i in extra:
        rng = np.random.default_rng(seed_of[i])
        target = int(test["classes"][i])
        random_negative[i] = int(rng.choice([c for c in range(len(names)) if c != target]))
    from PIL import Image

    work = tempfile.mkdtemp(prefix="clipsonic-eval-")
    common = dict(steps=a.steps, guidance=a.guidance)
    jobs = []  # (row, sample index, request line)
    for i in picks:
        png = os.path.join(work, f"{seed_of[i]}.png")
        Image.fromarray(test["images"][i].numpy()).save(png)
        for mode in MODES:
            jobs.append((mode, i, request_line(prompt=test["captions"][i] if mode != "image" else "", mode=mode,
                                               image=png if mode == "image" else None, seed=seed_of[i], **common)))
    for i in extra:
        for g in PRIOR_GUIDANCE[1:]:
            jobs.append((f"prior-guidance-{g:g}", i, request_line(prompt=test["captions"][i], mode="prior",
                                                                  seed=seed_of[i], prior_guidance=g, **common)))
        jobs.append(("prior-negative-random", i, request_line(prompt=test["captions"][i], mode="prior", seed=seed_of[i],
                                                              negative=negative_caption(i, random_negative[i]), **common)))
    files = run_batch(a.binary, a.bundle, [j[2] for j in jobs], work, a.workers, a.threads)

    def mels_of(sel):
        waves = [read_wav(f) for _, f in sel]
        waves = [np.pad(w, (0, max(0, audio.samples - len(w))))[:audio.samples] for w in waves]
        return normalise(log_mel(torch.from_numpy(np.stack(waves)), audio), audio), waves

    def measure(sel):
        """sel: [(sample index, file)] -> predicted classes, classifier embeddings, waveforms."""
        mels, waves = mels_of(sel)
        pred, emb = classify(clf, mels)
        return pred, emb, waves

    takes = {}
    for (row, i, _), f in zip(jobs, files):
        takes.setdefault(row, []).append((i, f))

    # Second pass: each class's most confusable class, per mode, from the first pass's takes of
    # the samples outside the extra ones (so that the choice is not fitted to the takes it is
    # then measured on).
    in_extra = set(extra)
    confusable = {}
    for mode in ("zero-shot", "prior"):
        sel = [(i, f) for i, f in takes[mode] if i not in in_extra] or takes[mode]
        prob = probabilities(clf, mels_of(sel)[0])
        truth = torch.tensor([int(test["classes"][i]) for i, _ in sel])
        for c in range(len(names)):
            mean = prob[truth == c].mean(0)
            mean[c] = -1
            confusable[(mode, c)] = int(mean.argmax())
    confused_of = {(mode, i): confusable[(mode, int(test["classes"][i]))] for mode in ("zero-shot", "prior") for i in extra}
    second = []
    for i in extra:
        for mode in ("zero-shot", "prior"):
            second.append((f"{mode}-negative", i, request_line(prompt=test["captions"][i], mode=mode, seed=seed_of[i],
                                                                 negative=negative_caption(i, confused_of[(mode, i)]), **common)))
    text_space = [(f"prior-negative-text", i, line) for row, i, line in second if row == "prior-negative"]
    for s_ in NEGATIVE_STRENGTHS:
        second += [(f"prior-negative-{s_:g}", i, request_line(prompt=test["captions"][i], mode="prior", seed=seed_of[i],
                                                             negative=negative_caption(i, confused_of[("prior", i)]),
                                                             negative_strength=s_, **common)) for i in extra]
    files2 = run_batch(a.binary, a.bundle, [j[2] for j in second], work, a.workers, a.threads, tag="-negative")
    files3 = run_batch(a.binary, a.bundle, [j[2] for j in text_space], work, a.workers, a.threads,
                       env_extra={"CLIPSONIC_NEGATIVE": "text"}, tag="-negative-text")
    for (row, i, _), f in list(zip(second, files2)) + list(zip(text_space, files3)):
        takes.setdefault(row, []).append((i, f))
    jobs += second + text_space
    generated = time.time() - t0
    rows = {}
    for mode in MODES:
        sel = takes[mode]
        pred, emb, waves = measure(sel)
        truth = torch.tensor([int(test["classes"][i]) for i, _ in sel])
        acc = (pred == truth).float().mean().item()
        per_class = [(pred[truth == c] == c).float().mean().item() for c in range(len(names))]
        fd = frechet(emb, real_emb)
        errors = {"pitch": [], "count": [], "intensity": []}
        for (i, _), w in zip(sel, waves):
            kind, err = audible_error(names[int(test["classes"][i])], test["properties"][i].tolist(), w, audio.sample_rate)
            errors[kind].append(err)
        pitch_err, count_err, intensity_err = errors["pitch"], errors["count"], errors["intensity"]
        finite = [e for e in pitch_err if np.isfinite(e)]
        rows[mode] = {"accuracy": acc, "fd": fd, "per_class": per_class,
                      "pitch_median_semitones": float(np.median(finite)) if finite else float("nan"),
                      "unvoiced": len(pitch_err) - len(finite),
                      "count_mean_abs": float(np.mean(count_err)) if count_err else float("nan"),
                      "intensity_mean_abs": float(np.mean(intensity_err)) if intensity_err else float("nan")}

    # The extra samples' prior-mode takes at prior guidance 1 are the prior row's takes.
    plain_of = {mode: [(i, f) for i, f in takes[mode] if i in in_extra] for mode in ("zero-shot", "prior")}
    plain = plain_of["prior"]
    guidance_rows = {}
    for g in PRIOR_GUIDANCE:
        sel = plain if g == 1 else takes[f"prior-guidance-{g:g}"]
        pred, emb, _ = measure(sel)
        truth = torch.tensor([int(test["classes"][i]) for i, _ in sel])
        guidance_rows[g] = {"accuracy": (pred == truth).float().mean().item(), "fd": frechet(emb, real_emb)}
    negative_rows = {}
    cases = [("zero-shot", "confusable", "without", plain_of["zero-shot"]),
             ("zero-shot", "confusable", "with", takes["zero-shot-negative"]),
             ("prior", "confusable", "without", plain),
             ("prior", "confusable", "with, text embedding in place of the unconditional branch (before)",
              takes["prior-negative-text"]),
             ("prior", "confusable", "with, strength 0.25", takes["prior-negative-0.25"]),
             ("prior", "confusable", "with", takes["prior-negative"]),
             ("prior", "confusable", "with, strength 1", takes["prior-negative-1"]),
             ("prior", "random other class", "without", plain),
             ("prior", "random other class", "with", takes["prior-negative-random"])]
    for mode, kind, label, sel in cases:
        pred, _, _ = measure(sel)
        truth = torch.tensor([int(test["classes"][i]) for i, _ in sel])
        neg = torch.tensor([confused_of[(mode, i)] if kind == "confusable" else random_negative[i] for i, _ in sel])
        # The negative's share of the classifier's belief: finer than the rate of outright
        # confusions, which is small when the target class is heard right most of the time.
        prob = probabilities(clf, mels_of(sel)[0]).gather(1, neg[:, None])[:, 0]
        negative_rows[(mode, kind, label)] = {"accuracy": (pred == truth).float().mean().item(),
                                "negative_rate": (pred == neg).float().mean().item(),
                                "negative_probability": prob.mean().item()}
    total = time.time() - t0

    command = (f"python3 -m training.mini.evaluate --data {a.data} --bundle {a.bundle}" + (f" --out {a.out}" if a.out else "")
               + f" --per-class {a.per_class} --extra-per-class {a.extra_per_class} --steps {a.steps} --guidance {a.guidance}")
    lines = ["# models/mini: evaluation", "",
             f"Made by `{command}` on sounds generated by the Swift engine (`clipsonic batch`, {a.workers} processes of "
             f"{a.threads} thread), {a.per_class} held-out test samples per class ({len(picks)} in all) for the mode rows, "
             f"the first {min(a.extra_per_class, a.per_class)} of them per class ({len(extra)} in all) for the prior-guidance "
             f"and negative-prompt rows; held-out caption templates. {len(jobs)} takes, generated in "
             f"{generated / 60:.1f} min ({total / 60:.1f} min in all) on this machine.", "",
             f"Classifier on real test sounds: {real_acc:.1%} accuracy (the ceiling for the rows below; "
             f"seed {clf_seed}, chosen by its {val_acc:.1%} on the validation split).", "",
             "| mode | class accuracy | Fréchet distance (lower is better) | pitch error, median semitones | count error, mean | rain intensity error, mean |",
             "| --- | --- | --- | --- | --- | --- |"]
    for mode in MODES:
        m = rows[mode]
        lines.append(f"| {mode} | {m['accuracy']:.1%} | {m['fd']:.2f} | {m['pitch_median_semitones']:.2f} "
                     f"({m['unvoiced']} unvoiced) | {m['count_mean_abs']:.2f} | {m['intensity_mean_abs']:.3f} |")
    lines += ["", "Class accuracy of each class (every row: the held-out test samples of that class):", "",
              "| class | " + " | ".join(MODES) + " |", "| --- |" + " --- |" * len(MODES)]
    for c, name in enumerate(names):
        lines.append(f"| {name} | " + " | ".join(f"{rows[m]['per_class'][c]:.0%}" for m in MODES) + " |")
    lines += ["", f"Prior guidance (prior mode, {len(extra)} takes a row, same seeds; the Fréchet distance of so few takes "
              "is biased upward, so compare it between these rows only):", "",
              "| prior guidance | class accuracy | Fréchet distance |", "| --- | --- | --- |"]
    for g in PRIOR_GUIDANCE:
        lines.append(f"| {g:g} | {guidance_rows[g]['accuracy']:.1%} | {guidance_rows[g]['fd']:.2f} |")
    pairs = ", ".join(f"{names[c]} → {names[confusable[('prior', c)]]}" for c in range(len(names)))
    lines += ["", f"Negative prompts ({len(extra)} takes a row, same seeds; the negative is the caption of a test sample of "
              "the class the target is most often mistaken for in that mode's takes of the other test samples above, or of a class drawn at random; "
              f"prior mode's confusable classes: {pairs}):", "",
              "| mode | negative names | negative prompt | target class accuracy | heard as the negative's class | classifier's mean probability of the negative's class |",
              "| --- | --- | --- | --- | --- | --- |"]
    for mode, kind, label, _ in cases:
        r = negative_rows[(mode, kind, label)]
        lines.append(f"| {mode} | {kind} | {label} | {r['accuracy']:.1%} | {r['negative_rate']:.1%} | {r['negative_probability']:.2%} |")
    lines += ["", "\"with\" is the engine's way (docs/requests.md): the condition turned away from the negative at "
              "negative-strength 0.5, the negative taken in the condition's space (through the prior outside zero-shot)."]
    text = "\n".join(lines) + "\n"
    if a.out:
        # The sections other commands own (evaluate_beyond's long takes and variations) are kept.
        eval_sections.write_main(a.out, text)
    print(text)
    print(json.dumps({"modes": rows, "prior_guidance": {f"{g:g}": v for g, v in guidance_rows.items()},
                      "negative": {" / ".join(k): v for k, v in negative_rows.items()}}))


if __name__ == "__main__":
    main()
