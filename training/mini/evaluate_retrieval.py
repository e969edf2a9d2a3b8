"""Retrieval with the audio encoder of a bundle, on the world's held-out TEST split (PyTorch side).

    python3 -m training.mini.evaluate_retrieval --data work/mini --bundle models/mini --out models/mini/EVAL.md

The encoder is the bundle's (audio_encoder.safetensors read back from its stored F16 to F32, the
numbers the Swift engine computes with); pictures and text go through the bundle's CLIP, prior
samples through the bundle's prior (training/clipsonic/reference_pipeline.py, the engine's
reference). Measured:

- audio -> picture: each test sound's embedding against the CLIP embeddings of all test pictures;
  recall@1 and @5 of its own picture, and how often the best-ranked picture is of its class;
- text -> audio: a test caption (held-out templates) against the embeddings of all test sounds,
  the relevant sounds being those of the caption's class; the query is the CLIP text embedding
  (zero-shot) or the prior's picture-embedding sample from it (prior, seed = query number);
  recall@1 and @5 (a right-class sound among the first k), precision@10 and mean average precision.

Each against chance (exact for recall and precision; mAP of random rankings, mean of 20 draws)
and against a baseline: ridge regression from pooled log-mel features (each band's mean and
standard deviation over time, and the mel averaged over 8 time bins; standardised) to the CLIP
picture embedding, fitted on the same training shards as the encoder, its ridge strength chosen on
the validation split. The section it writes (`retrieval`, training/mini/eval_sections.py) keeps
the rest of EVAL.md.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from training.clipsonic.audio_encoder import AudioEncoder, AudioEncoderConfig
from training.mini import data as world_data
from training.mini import eval_sections

SECTION = "retrieval"
# Ridge strengths, relative to the number of training pairs (the features are standardised).
RIDGE_ALPHAS = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
TIME_BINS = 8


# ------------------------------------------------------------------ metrics (unit-tested)

def ranks_of_targets(scores: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """scores [Q, N], targets [Q] (one right item per query) -> the 1-based rank of each query's
    target (ties counted against it: items scoring at least as high come first)."""
    own = scores.gather(1, targets[:, None])
    return (scores > own).sum(1) + (scores == own).sum(1)


def recall_at(ranks: torch.Tensor, k: int) -> float:
    """Share of queries whose one right item is within the first k."""
    return (ranks <= k).float().mean().item()


def top1_label_accuracy(scores: torch.Tensor, query_labels: torch.Tensor, item_labels: torch.Tensor) -> float:
    """Share of queries whose best-scoring item has the query's label."""
    return (item_labels[scores.argmax(1)] == query_labels).float().mean().item()


def relevance(scores: torch.Tensor, query_labels: torch.Tensor, item_labels: torch.Tensor) -> torch.Tensor:
    """[Q, N] booleans: is the item at each rank (best first) of the query's label? Ties keep
    the items' order."""
    order = torch.sort(scores, dim=1, descending=True, stable=True).indices
    return item_labels[order] == query_labels[:, None]


def hit_at(rel: torch.Tensor, k: int) -> float:
    """Recall@k for many right items: share of queries with a right item within the first k."""
    return rel[:, :k].any(1).float().mean().item()


def precision_at(rel: torch.Tensor, k: int) -> float:
    return rel[:, :k].float().mean().item()


def average_precision(rel: torch.Tensor) -> torch.Tensor:
    """[Q] average precision of each ranking: the mean, over its right items, of the precision
    at each right item's rank (0 for a query with no right item)."""
    r = rel.float()
    hits = r.cumsum(1)
    ranks = torch.arange(1, r.shape[1] + 1, dtype=torch.float32)
    total = r.sum(1)
    return torch.where(total > 0, (r * hits / ranks).sum(1) / total.clamp(min=1), torch.zeros_like(total))


def chance_hit_at(n_items: int, n_right: int, k: int) -> float:
    """Probability that a random ranking of n_items has one of its n_right within the first k."""
    if k >= n_items:
        return 1.0 if n_right else 0.0
    return 1.0 - math.comb(n_items - n_right, k) / math.comb(n_items, k)


def chance_text_metrics(query_labels: torch.Tensor, item_labels: torch.Tensor, draws: int = 20, seed: int = 0) -> dict:
    n = len(item_labels)
    counts = torch.bincount(item_labels, minlength=int(max(item_labels.max(), query_labels.max())) + 1)
    right = counts[query_labels].tolist()
    g = torch.Generator().manual_seed(seed)
    aps = [average_precision(relevance(torch.rand(len(query_labels), n, generator=g), query_labels, item_labels)).mean().item()
           for _ in range(draws)]
    return {"r1": float(np.mean([chance_hit_at(n, c, 1) for c in right])),
            "r5": float(np.mean([chance_hit_at(n, c, 5) for c in right])),
            "p10": float(np.mean([c / n for c in right])), "map": float(np.mean(aps))}


def audio_to_picture(audio_emb, picture_emb, labels) -> dict:
    scores = audio_emb @ picture_emb.t()
    ranks = ranks_of_targets(scores, torch.arange(len(scores)))
    return {"r1": recall_at(ranks, 1), "r5": recall_at(ranks, 5),
            "class": top1_label_accuracy(scores, labels, labels)}


def text_to_audio(query_emb, query_labels, audio_emb, audio_labels) -> dict:
    rel = relevance(query_emb @ audio_emb.t(), query_labels, audio_labels)
    return {"r1": hit_at(rel, 1), "r5": hit_at(rel, 5), "p10": precision_at(rel, 10),
            "map": average_precision(rel).mean().item()}


# ------------------------------------------------------------------ the encoder and the baseline

def load_encoder(bundle: str) -> AudioEncoder:
    """The bundle's audio encoder, its stored weights (F16 in models/mini) read back as F32."""
    with open(os.path.join(bundle, "bundle.json")) as f:
        section = json.load(f).get("audio_encoder")
    if not section:
        raise SystemExit(f"{bundle}: has no audio_encoder; add one with `training.mini.build --audio-encoder-only`")
    model = AudioEncoder(AudioEncoderConfig.from_dict(section["config"])).eval()
    weights = load_file(os.path.join(bundle, section["weights"]))
    model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
    return model


@torch.no_grad()
def encode_audio(model, mels: torch.Tensor, batch: int = 256) -> torch.Tensor:
    return torch.cat([model(m.float()) for m in mels.split(batch)])


def pooled_features(mels: torch.Tensor) -> torch.Tensor:
    """[N, n_mels, frames] -> [N, n_mels * (2 + TIME_BINS)]: each band's mean and standard
    deviation over time, and the mel averaged over TIME_BINS equal stretches of time."""
    m = mels.float()
    binned = F.adaptive_avg_pool1d(m, TIME_BINS).flatten(1)
    return torch.cat([m.mean(2), m.std(2), binned], 1)


class Ridge:
    """Ridge regression on standardised features to the CLIP picture embedding; its outputs are
    L2-normalised like every embedding here."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor):
        x = x.double()
        self.mean, self.std = x.mean(0), x.std(0).clamp(min=1e-6)
        z = (x - self.mean) / self.std
        self.y_mean = y.double().mean(0)
        self.gram = z.t() @ z
        self.n = len(x)
        self.cross = z.t() @ (y.double() - self.y_mean)
        self.weights = None

    def fit(self, alpha: float) -> "Ridge":
        eye = torch.eye(self.gram.shape[0], dtype=torch.float64)
        self.weights = torch.linalg.solve(self.gram + alpha * self.n * eye, self.cross)
        return self

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        z = (x.double() - self.mean) / self.std
        return F.normalize((z @ self.weights + self.y_mean).float(), dim=-1)


def fit_baseline(train_feats, train_emb, val_feats, val_emb):
    """The ridge of the alpha with the highest mean cosine to the validation pictures' embeddings."""
    ridge = Ridge(train_feats, train_emb)
    best = None
    for alpha in RIDGE_ALPHAS:
        cos = (ridge.fit(alpha)(val_feats) * val_emb).sum(-1).mean().item()
        if best is None or cos > best[0]:
            best = (cos, alpha)
    return ridge.fit(best[1]), best[1], best[0]


# ------------------------------------------------------------------ main

def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="the world (training.mini.data) and its U-Net shards (embed)")
    ap.add_argument("--bundle", default="models/mini")
    ap.add_argument("--out", default=None, help="EVAL.md to write the retrieval section into (default: print)")
    ap.add_argument("--queries-per-class", type=int, default=10, help="test captions a class used as text queries")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    t0 = time.time()
    from training.clipsonic.reference_pipeline import ReferencePipeline
    from training.clipsonic.shards import ShardDataset
    from training.mini.embed import image_embeddings

    pipe = ReferencePipeline(a.bundle)
    encoder = load_encoder(a.bundle)
    test = torch.load(world_data.path(a.data, "test"), weights_only=False)
    val = torch.load(world_data.path(a.data, "val"), weights_only=False)
    names = test["class_names"]
    labels = test["classes"]
    with torch.no_grad():
        pictures = image_embeddings(pipe.clip, test["images"])
        val_pictures = image_embeddings(pipe.clip, val["images"])
    audio = {"encoder": encode_audio(encoder, test["mels"])}

    train = ShardDataset(os.path.join(a.data, "unet-train"))
    ridge, alpha, val_cos = fit_baseline(pooled_features(train.mels), train.embeddings,
                                         pooled_features(val["mels"]), val_pictures)
    n_train = len(train.mels)
    del train
    audio["ridge"] = ridge(pooled_features(test["mels"]))

    # Text queries: the first captions of each class in the test split (held-out templates).
    picks = [i for c in range(len(names)) for i in (labels == c).nonzero()[:, 0].tolist()[: a.queries_per_class]]
    q_labels = labels[picks]
    captions = [test["captions"][i] for i in picks]
    with torch.no_grad():
        zero_shot = torch.cat([pipe.encode_text(c)[0] for c in captions])
        prior = torch.cat([pipe.sample_prior(c, seed=k) for k, c in enumerate(captions)])
    queries = {"zero-shot": zero_shot, "prior": prior}

    a2p = {k: audio_to_picture(e, pictures, labels) for k, e in audio.items()}
    n = len(labels)
    counts = torch.bincount(labels, minlength=len(names)).double()
    a2p["chance"] = {"r1": 1 / n, "r5": 5 / n, "class": float(((counts / n) ** 2).sum())}
    t2a = {(mode, k): text_to_audio(q, q_labels, e, labels) for mode, q in queries.items() for k, e in audio.items()}
    chance = chance_text_metrics(q_labels, labels)
    per_class = {k: [top1_label_accuracy(e[labels == c] @ pictures.t(), labels[labels == c], labels)
                     for c in range(len(names))] for k, e in audio.items()}
    minutes = (time.time() - t0) / 60

    with open(os.path.join(a.bundle, "bundle.json")) as f:
        section = json.load(f)["audio_encoder"]
    cfg = section["config"]
    n_params = sum(p.numel() for p in encoder.parameters())
    command = f"python3 -m training.mini.evaluate_retrieval --data {a.data} --bundle {a.bundle}" + \
        (f" --out {a.out}" if a.out else "") + (f" --queries-per-class {a.queries_per_class}" if a.queries_per_class != 10 else "")
    lines = ["## Retrieval with the audio encoder", "",
             f"Made by `{command}` (PyTorch, {minutes:.1f} min). The bundle's audio encoder (channels "
             f"{'-'.join(map(str, cfg['channels']))}, hidden {cfg['hidden_dim']}, {n_params:,} parameters, "
             f"{section['steps']} steps, temperature {math.exp(-section['logit_scale']):.3f}; F16 weights as stored) on the "
             f"{n} held-out test samples of the world; pictures and captions through the bundle's CLIP, prior "
             "samples through its prior (reference pipeline, 2 candidates, seed = query number).", "",
             f"Baseline: ridge regression from pooled log-mel features (per band mean and deviation over time, and "
             f"the mel averaged over {TIME_BINS} time bins) to the CLIP picture embedding, fitted on the same "
             f"{n_train:,} training pairs as the encoder (ridge strength {alpha:g} chosen on the validation split, "
             f"mean cosine {val_cos:.3f}).", "",
             f"Sound → picture (each test sound against all {n} test pictures):", "",
             "| audio embedding | own picture recall@1 | own picture recall@5 | best-ranked picture of the right class |",
             "| --- | --- | --- | --- |"]
    for k, label in (("encoder", "audio encoder"), ("ridge", "ridge baseline"), ("chance", "chance")):
        m = a2p[k]
        lines.append(f"| {label} | {pct(m['r1'])} | {pct(m['r5'])} | {pct(m['class'])} |")
    lines += ["", f"Text → sound ({len(picks)} test captions, {a.queries_per_class} a class, against all {n} test "
              "sounds; right = a sound of the caption's class; recall@k = a right sound among the first k):", "",
              "| query | audio embedding | recall@1 | recall@5 | precision@10 | mAP |", "| --- | --- | --- | --- | --- | --- |"]
    for mode in queries:
        for k, label in (("encoder", "audio encoder"), ("ridge", "ridge baseline")):
            m = t2a[(mode, k)]
            lines.append(f"| {mode} | {label} | {pct(m['r1'])} | {pct(m['r5'])} | {pct(m['p10'])} | {pct(m['map'])} |")
    lines.append(f"| any | chance | {pct(chance['r1'])} | {pct(chance['r5'])} | {pct(chance['p10'])} | {pct(chance['map'])} |")
    lines += ["", "Best-ranked picture of the right class, per class (sound → picture):", "",
              "| class | audio encoder | ridge baseline |", "| --- | --- | --- |"]
    for c, name in enumerate(names):
        lines.append(f"| {name} | {per_class['encoder'][c]:.0%} | {per_class['ridge'][c]:.0%} |")
    text = "\n".join(lines) + "\n"
    if a.out:
        eval_sections.write_section(a.out, SECTION, text)
    print(text)
    print(json.dumps({"audio_to_picture": a2p, "text_to_audio": {" / ".join(k): v for k, v in t2a.items()},
                      "text_chance": chance, "ridge_alpha": alpha}))


if __name__ == "__main__":
    main()
