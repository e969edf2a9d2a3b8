"""The engine's uses of the audio encoder, measured through the Swift CLI on held-out test samples.

    python3 -m training.mini.evaluate_listening --data work/mini --bundle models/mini --out models/mini/EVAL.md

(a) Ranking pays: for the first --per-class test samples of each class, prior mode (the sample's
    caption) and image mode (its picture) with `clipsonic generate ... --variations K --rank
    --json`; the top-ranked take (rank 1, the highest score) against a take picked at random from
    the same K (its expected value: every take weighted 1/K), on class accuracy and on the error
    of the audible property (training/mini/evaluate.py's classifier and measures).
(b) Does the score track what is heard? Spearman rank correlation between each take's score and
    the classifier's probability of the asked class, over all generated takes (each mode and both
    together), and its mean within the K takes of one request (what ranking uses).
(c) Sound as query: `clipsonic generate --mode audio --audio SOUND.wav`, the sounds being
    held-out real test sounds of the world (rendered again from it: the dataset keeps only mels);
    the class accuracy of the takes, per class.

The CLI contract (the engine's ranking, issue #19): `generate` prints {"takes": [{..., "file",
"seed", "score", "rank"}, ...]} sorted best first; the files are NAME-v1.wav ... in seed order.
--dry-run prints the commands without running them (nothing is written). The metric layer
(spearman, pick_stats, parse_takes) is tested in training/tests/test_evaluate_listening.py.
The section it writes (`listening`, training/mini/eval_sections.py) keeps the rest of EVAL.md.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

SECTION = "listening"
RANKED_MODES = ("prior", "image")
KINDS = ("pitch", "count", "intensity")


# ------------------------------------------------------------------ metric layer (unit-tested)

def average_ranks(x) -> np.ndarray:
    """1-based ranks, ties sharing the mean of their ranks."""
    x = np.asarray(x, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    sx = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x, y) -> float:
    """Spearman's rank correlation (Pearson's on average ranks); nan when either side is constant
    or fewer than 2 values."""
    if len(x) != len(y):
        raise ValueError(f"{len(x)} against {len(y)} values")
    if len(x) < 2:
        return float("nan")
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = np.sqrt((rx ** 2).sum() * (ry ** 2).sum())
    return float((rx * ry).sum() / den) if den > 0 else float("nan")


def weighted_median(values, weights) -> float:
    """The value where the cumulative weight reaches half of the total, the mean of the two values
    either side when it lands exactly on half (equal weights: numpy's median); nan if none."""
    if len(values) == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, dtype=np.float64)[order], np.asarray(weights, dtype=np.float64)[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2
    k = int(np.searchsorted(cum, half - 1e-9 * cum[-1]))
    if abs(cum[k] - half) <= 1e-9 * cum[-1] and k + 1 < len(v):
        return float((v[k] + v[k + 1]) / 2)
    return float(v[k])


def take_stats(takes: list, weights: list) -> dict:
    """Weighted figures of takes, each {"correct": bool, "kind": pitch|count|intensity, "error":
    float (inf: unvoiced)}: class accuracy, pitch error median over voiced takes and the unvoiced
    share of pitched ones, count and intensity error means."""
    w = np.asarray(weights, dtype=np.float64)
    out = {"takes": len(takes), "accuracy": float(np.dot(w, [t["correct"] for t in takes]) / w.sum())}
    of = {k: [(t["error"], wi) for t, wi in zip(takes, w) if t["kind"] == k] for k in KINDS}
    voiced = [(e, wi) for e, wi in of["pitch"] if np.isfinite(e)]
    out["pitch_median"] = weighted_median([e for e, _ in voiced], [wi for _, wi in voiced])
    pitch_weight = sum(wi for _, wi in of["pitch"])
    out["unvoiced_share"] = float(sum(wi for e, wi in of["pitch"] if not np.isfinite(e)) / pitch_weight) if pitch_weight else float("nan")
    for k, key in (("count", "count_mean"), ("intensity", "intensity_mean")):
        tot = sum(wi for _, wi in of[k])
        out[key] = float(sum(e * wi for e, wi in of[k]) / tot) if tot else float("nan")
    return out


def pick_stats(groups: list) -> dict:
    """groups: the takes of each request (each take with "rank", 1 = best). {"top": the figures
    of the rank-1 takes, "random": the expected figures of one take drawn at random from each
    group (every take weighted 1/len(its group))}."""
    top, every, weights = [], [], []
    for g in groups:
        if not g:
            raise ValueError("a request without takes")
        best = [t for t in g if t["rank"] == 1]
        if len(best) != 1:
            raise ValueError(f"a request has {len(best)} takes of rank 1")
        top.append(best[0])
        every += g
        weights += [1 / len(g)] * len(g)
    return {"top": take_stats(top, [1] * len(top)), "random": take_stats(every, weights)}


def within_group_spearman(groups: list, x: str, y: str) -> float:
    """The mean over groups of Spearman's correlation between the takes' fields x and y (groups
    where it is undefined left out)."""
    rs = [spearman([t[x] for t in g], [t[y] for t in g]) for g in groups]
    rs = [r for r in rs if np.isfinite(r)]
    return float(np.mean(rs)) if rs else float("nan")


def parse_takes(stdout: str, variations: int) -> list:
    """The takes of `generate --json`, checked against the contract: `variations` takes, each with
    file, seed, score and rank (a single take, made without --rank, is rank 1); ranks 1..K, best
    first, scores not increasing."""
    try:
        takes = json.loads(stdout)["takes"]
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise ValueError(f"not a generate --json summary ({e}): {stdout[:200]!r}") from e
    if len(takes) != variations:
        raise ValueError(f"{len(takes)} takes, expected {variations}")
    for t in takes:
        # One take is asked for without --rank (audio mode): it has no rank, and is the first.
        if variations == 1:
            t.setdefault("rank", 1)
        missing = [k for k in ("file", "seed", "score", "rank") if k not in t]
        if missing:
            raise ValueError(f"a take lacks {missing}: {t}")
    if [t["rank"] for t in takes] != list(range(1, variations + 1)):
        raise ValueError(f"ranks {[t['rank'] for t in takes]}, expected 1..{variations} in order")
    if any(float(a["score"]) < float(b["score"]) for a, b in zip(takes, takes[1:])):
        raise ValueError(f"scores not sorted best first: {[t['score'] for t in takes]}")
    return takes


# ------------------------------------------------------------------ the CLI

def generate_command(binary: str, bundle: str, mode: str, seed: int, out: str, variations: int, steps: int,
                     guidance: float, prompt: str = None, image: str = None, audio: str = None) -> list:
    cmd = [binary, "generate"] + ([prompt] if prompt else []) + ["--bundle", bundle, "--mode", mode]
    if image:
        cmd += ["--image", image]
    if audio:
        cmd += ["--audio", audio]
    if variations > 1:
        cmd += ["--variations", str(variations), "--rank"]
    return cmd + ["--steps", str(steps), "--guidance", f"{guidance:g}", "--seed", str(seed), "--out", out, "--json"]


def run_all(commands: list, workers: int, threads: int) -> list:
    env = dict(os.environ, CLIPSONIC_THREADS=str(threads))

    def one(cmd):
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            sys.exit(f"failed: {shlex.join(cmd)}\n{r.stderr.strip()[-800:]}")
        return r.stdout

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, commands))


# ------------------------------------------------------------------ main

def fmt(x: float, spec: str) -> str:
    return "–" if not np.isfinite(x) else format(x, spec)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--bundle", default="models/mini")
    ap.add_argument("--out", default=None, help="EVAL.md to write the listening section into (default: print)")
    ap.add_argument("--per-class", type=int, default=3, help="test prompts/pictures a class for the ranked modes")
    ap.add_argument("--variations", type=int, default=4)
    ap.add_argument("--audio-per-class", type=int, default=6, help="held-out real sounds a class for --mode audio")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--binary", default=".build/release/clipsonic")
    ap.add_argument("--workers", type=int, default=2, help="clipsonic processes run at once")
    ap.add_argument("--threads", type=int, default=1, help="engine threads per process (CLIPSONIC_THREADS)")
    ap.add_argument("--classifier-samples", type=int, default=12000)
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing, write nothing")
    a = ap.parse_args(argv)
    from training import world
    from training.clipsonic.audio import AudioConfig
    from training.mini import data as world_data
    from training.mini import eval_sections
    from training.mini.evaluate import audible_error, pick_classifier, probabilities, read_wav
    from training.mini.evaluate_beyond import mels_of

    t0 = time.time()
    test = torch.load(world_data.path(a.data, "test"), weights_only=False)
    audio = AudioConfig.from_json(test["audio"])
    names = test["class_names"]
    rows_of = {c: (test["classes"] == c).nonzero()[:, 0].tolist() for c in range(len(names))}
    picks = [i for c in range(len(names)) for i in rows_of[c][:a.per_class]]
    # The sound queries come after the picks, so that no sample serves twice.
    sources = [i for c in range(len(names)) for i in rows_of[c][a.per_class:a.per_class + a.audio_per_class]]
    work = os.path.join(tempfile.gettempdir(), "clipsonic-listening-DRY-RUN") if a.dry_run else \
        tempfile.mkdtemp(prefix="clipsonic-listening-")
    from PIL import Image
    import soundfile as sf

    jobs = []  # (mode, sample index, command)
    for k, i in enumerate(picks):
        seed = 3000 + 10 * k
        png = os.path.join(work, f"picture-{i}.png")
        if not a.dry_run:
            Image.fromarray(test["images"][i].numpy()).save(png)
        for mode in RANKED_MODES:
            out = os.path.join(work, mode, f"{i}.wav")
            jobs.append((mode, i, generate_command(a.binary, a.bundle, mode, seed, out, a.variations, a.steps, a.guidance,
                                                   prompt=test["captions"][i] if mode == "prior" else None,
                                                   image=png if mode == "image" else None)))
    for k, i in enumerate(sources):
        wav = os.path.join(work, f"source-{i}.wav")
        if not a.dry_run:
            wave = world.dataset_sample(world_data.SEED, "test", i, duration=world_data.DURATION).audio[:audio.samples]
            sf.write(wav, wave, audio.sample_rate, subtype="FLOAT")
        jobs.append(("audio", i, generate_command(a.binary, a.bundle, "audio", 5000 + k, os.path.join(work, "audio", f"{i}.wav"),
                                                  1, a.steps, a.guidance, audio=wav)))
    if a.dry_run:
        for _, _, cmd in jobs:
            print(shlex.join(cmd))
        print(f"{len(jobs)} commands ({len(picks)} samples x {len(RANKED_MODES)} ranked modes x {a.variations} variations, "
              f"{len(sources)} sound queries); nothing run")
        return
    for mode in RANKED_MODES + ("audio",):
        os.makedirs(os.path.join(work, mode), exist_ok=True)
    outputs = run_all([cmd for _, _, cmd in jobs], a.workers, a.threads)
    generated = time.time() - t0

    train = torch.load(world_data.path(a.data, "train"), weights_only=False)
    val = torch.load(world_data.path(a.data, "val"), weights_only=False)
    val_acc, clf_seed, clf = pick_classifier(train, val, len(names), a.classifier_samples)
    del train

    groups = {mode: [] for mode in RANKED_MODES}
    audio_takes = []
    for (mode, i, _), stdout in zip(jobs, outputs):
        takes = parse_takes(stdout, a.variations if mode != "audio" else 1)
        waves = [read_wav(t["file"]) for t in takes]
        prob = probabilities(clf, mels_of(waves, audio))
        c = int(test["classes"][i])
        for t, w, p in zip(takes, waves, prob):
            kind, err = audible_error(names[c], test["properties"][i].tolist(), w, audio.sample_rate)
            t.update(cls=c, correct=bool(int(p.argmax()) == c), probability=float(p[c]), kind=kind, error=err)
        if mode == "audio":
            audio_takes += takes
        else:
            groups[mode].append(takes)
    picked = {mode: pick_stats(g) for mode, g in groups.items()}
    every = {mode: [t for g in gs for t in g] for mode, gs in groups.items()}
    every["both"] = every["prior"] + every["image"]
    corr = {mode: spearman([float(t["score"]) for t in ts], [t["probability"] for t in ts]) for mode, ts in every.items()}
    within = {mode: within_group_spearman(groups[mode], "score", "probability") for mode in RANKED_MODES}
    within["both"] = within_group_spearman(groups["prior"] + groups["image"], "score", "probability")
    per_class = [float(np.mean([t["correct"] for t in audio_takes if t["cls"] == c])) for c in range(len(names))]
    audio_acc = float(np.mean([t["correct"] for t in audio_takes]))
    minutes = (time.time() - t0) / 60

    command = (f"python3 -m training.mini.evaluate_listening --data {a.data} --bundle {a.bundle}" + (f" --out {a.out}" if a.out else "")
               + f" --per-class {a.per_class} --variations {a.variations} --audio-per-class {a.audio_per_class}"
               f" --steps {a.steps} --guidance {a.guidance:g}")
    lines = ["## Listening: ranking and sound queries through the engine", "",
             f"Made by `{command}` with the Swift CLI (`clipsonic generate`, {a.workers} processes of {a.threads} thread; "
             f"{generated / 60:.1f} min generating, {minutes:.1f} min in all). Classifier of real sounds: seed {clf_seed}, "
             f"{val_acc:.1%} on the validation split (training/mini/evaluate.py).", "",
             f"Ranking pays? {len(picks)} held-out test samples ({a.per_class} a class), each a request of {a.variations} "
             "variations ranked by the engine (`--rank`); the top-ranked take against one drawn at random from the same "
             f"{a.variations} (expected value: each take weighted 1/{a.variations}):", "",
             "| mode | take | class accuracy | pitch error, median semitones | unvoiced | count error, mean | rain intensity error, mean |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for mode in RANKED_MODES:
        for which, label in (("top", "top-ranked"), ("random", "random (expected)")):
            s = picked[mode][which]
            lines.append(f"| {mode} | {label} | {s['accuracy']:.1%} | {fmt(s['pitch_median'], '.2f')} | "
                         f"{fmt(s['unvoiced_share'], '.0%')} | {fmt(s['count_mean'], '.2f')} | {fmt(s['intensity_mean'], '.3f')} |")
    lines += ["", "Score against what is heard: Spearman rank correlation between a take's score and the classifier's "
              "probability of the asked class.", "",
              "| takes | all takes | mean within one request |", "| --- | --- | --- |"]
    for mode in RANKED_MODES + ("both",):
        lines.append(f"| {mode} ({len(every[mode])}) | {fmt(corr[mode], '.3f')} | {fmt(within[mode], '.3f')} |")
    lines += ["", f"Sound as query (`--mode audio`): {len(audio_takes)} held-out real test sounds ({a.audio_per_class} a "
              f"class), one take each; class accuracy {audio_acc:.1%} (chance {1 / len(names):.1%}).", "",
              "| class | accuracy |", "| --- | --- |"]
    for c, name in enumerate(names):
        lines.append(f"| {name} | {per_class[c]:.0%} |")
    text = "\n".join(lines) + "\n"
    if a.out:
        eval_sections.write_section(a.out, SECTION, text)
    print(text)


if __name__ == "__main__":
    main()
