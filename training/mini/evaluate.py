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

    python3 -m training.mini.evaluate --data work/mini --bundle models/mini --out models/mini/EVAL.md
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from training import world
from training.clipsonic.audio import AudioConfig, log_mel, normalise
from training.mini import data as world_data

MODES = ("zero-shot", "prior", "image")


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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--bundle", default="models/mini")
    ap.add_argument("--out", default=None, help="EVAL.md to write (default: print)")
    ap.add_argument("--per-class", type=int, default=8)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--binary", default=".build/release/clipsonic")
    ap.add_argument("--classifier-samples", type=int, default=12000, help="real training sounds the classifier learns from")
    a = ap.parse_args(argv)
    torch.manual_seed(0)
    train = torch.load(world_data.path(a.data, "train"), weights_only=False)
    test = torch.load(world_data.path(a.data, "test"), weights_only=False)
    audio = AudioConfig.from_json(test["audio"])
    names = test["class_names"]
    # The classifier sees a fixed part of the training split, so its cost does not grow with the
    # U-Net's data (12,000 real sounds already put it within a few points of perfect).
    n = min(a.classifier_samples, len(train["classes"]))
    clf = train_classifier({"mels": train["mels"][:n], "classes": train["classes"][:n]}, len(names))
    real_pred, real_emb = classify(clf, test["mels"])
    real_acc = (real_pred == test["classes"]).float().mean().item()

    # The first `per-class` test samples of every class.
    picks = []
    for c in range(len(names)):
        picks += (test["classes"] == c).nonzero()[: a.per_class, 0].tolist()
    from PIL import Image

    work = tempfile.mkdtemp(prefix="clipsonic-eval-")
    jobs = []
    for k, i in enumerate(picks):
        png = os.path.join(work, f"{k:04d}.png")
        Image.fromarray(test["images"][i].numpy()).save(png)
        for mode in MODES:
            jobs.append({"prompt": test["captions"][i] if mode != "image" else "", "mode": mode,
                         "imagePath": png if mode == "image" else None, "seed": 1000 + k,
                         "steps": a.steps, "guidanceScale": a.guidance})
    with open(os.path.join(work, "jobs.jsonl"), "w") as f:
        for j in jobs:
            f.write(json.dumps({k: v for k, v in j.items() if v is not None}) + "\n")
    r = subprocess.run([a.binary, "batch", os.path.join(work, "jobs.jsonl"), "--out-dir", os.path.join(work, "takes"),
                        "--bundle", a.bundle], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"clipsonic batch failed: {r.stderr.strip()[-500:]}")
    takes = json.loads(r.stdout)["takes"]

    rows = {}
    for mode in MODES:
        sel = [(k, t) for k, t in enumerate(takes) if t["mode"] == mode]
        waves = [read_wav(t["file"]) for _, t in sel]
        samples = audio.samples
        waves = [np.pad(w, (0, max(0, samples - len(w))))[:samples] for w in waves]
        mels = normalise(log_mel(torch.from_numpy(np.stack(waves)), audio), audio)
        pred, emb = classify(clf, mels)
        truth = torch.tensor([int(test["classes"][picks[k // len(MODES)]]) for k, _ in sel])
        acc = (pred == truth).float().mean().item()
        per_class = [(pred[truth == c] == c).float().mean().item() for c in range(len(names))]
        fd = frechet(emb, real_emb)
        pitch_err, count_err, intensity_err = [], [], []
        for (k, _), w in zip(sel, waves):
            i = picks[k // len(MODES)]
            name = names[int(test["classes"][i])]
            size, pitch, count, intensity = test["properties"][i].tolist()
            spec = world.spec(name)
            if name == "rain":
                intensity_err.append(world.property_error(name, intensity, w, audio.sample_rate))
            elif spec.audible == "count":
                count_err.append(world.property_error(name, int(count), w, audio.sample_rate))
            else:
                pitch_err.append(world.property_error(name, pitch, w, audio.sample_rate))
        finite = [e for e in pitch_err if np.isfinite(e)]
        rows[mode] = {"accuracy": acc, "fd": fd, "per_class": per_class,
                      "pitch_median_semitones": float(np.median(finite)) if finite else float("nan"),
                      "unvoiced": len(pitch_err) - len(finite),
                      "count_mean_abs": float(np.mean(count_err)) if count_err else float("nan"),
                      "intensity_mean_abs": float(np.mean(intensity_err)) if intensity_err else float("nan")}

    lines = ["# models/mini: evaluation", "",
             f"Made by `python3 -m training.mini.evaluate --data {a.data} --bundle {a.bundle}"
             + (f" --out {a.out}" if a.out else "")
             + f" --per-class {a.per_class} --steps {a.steps} --guidance {a.guidance}` on sounds generated by the Swift "
             f"engine (`clipsonic batch`), {a.per_class} held-out test samples per class ({len(picks)} in all), "
             "held-out caption templates.", "",
             f"Classifier on real test sounds: {real_acc:.1%} accuracy (the ceiling for the rows below).", "",
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
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out + ".tmp", "w") as f:
            f.write(text)
        os.replace(a.out + ".tmp", a.out)
    print(text)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
