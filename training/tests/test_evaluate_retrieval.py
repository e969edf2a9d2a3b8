"""The retrieval metrics of training/mini/evaluate_retrieval.py on hand-made scores and embeddings,
against values worked out by hand."""
import math

import pytest
import torch
import torch.nn.functional as F

from training.mini import evaluate_retrieval as er


def test_ranks_of_targets_count_ties_against_the_target():
    scores = torch.tensor([[0.9, 0.1, 0.5], [0.2, 0.3, 0.8], [0.4, 0.6, 0.1]])
    ranks = er.ranks_of_targets(scores, torch.tensor([0, 1, 2]))
    assert ranks.tolist() == [1, 2, 3]
    assert er.recall_at(ranks, 1) == pytest.approx(1 / 3)
    assert er.recall_at(ranks, 2) == pytest.approx(2 / 3)
    assert er.recall_at(ranks, 5) == 1.0
    assert er.ranks_of_targets(torch.tensor([[0.5, 0.5]]), torch.tensor([0])).tolist() == [2]


def test_audio_to_picture_on_unit_vectors():
    # Sound 0 is nearest its own picture; sound 1 nearest picture 2 (same class as 1); sound 2
    # nearest picture 0 (another class).
    pictures = torch.eye(3)
    audio = F.normalize(torch.tensor([[1.0, 0.1, 0.0], [0.0, 0.6, 0.8], [0.9, 0.0, 0.3]]), dim=-1)
    labels = torch.tensor([0, 1, 1])
    m = er.audio_to_picture(audio, pictures, labels)
    assert m["r1"] == pytest.approx(1 / 3)  # ranks 1, 2, 2
    assert m["r5"] == 1.0
    assert m["class"] == pytest.approx(2 / 3)


def test_average_precision_by_hand():
    rel = torch.tensor([[True, False, True, False], [False, True, True, False], [False, False, False, False]])
    ap = er.average_precision(rel)
    assert ap.tolist() == pytest.approx([(1 + 2 / 3) / 2, (1 / 2 + 2 / 3) / 2, 0.0])
    assert er.hit_at(rel, 1) == pytest.approx(1 / 3)
    assert er.hit_at(rel, 2) == pytest.approx(2 / 3)
    assert er.precision_at(rel, 2) == pytest.approx(2 / 6)


def test_text_to_audio_on_hand_made_embeddings():
    audio = torch.tensor([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [0.6, 0.8]])
    audio_labels = torch.tensor([0, 0, 1, 1])
    queries = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    # Query 0 (class 0) ranks sounds 0, 1, 3, 2: right, right, wrong, wrong -> AP 1.
    # Query 1 (class 1) ranks sounds 2, 3, 1, 0: right, right -> AP 1.
    m = er.text_to_audio(queries, torch.tensor([0, 1]), audio, audio_labels)
    assert m == pytest.approx({"r1": 1.0, "r5": 1.0, "p10": 0.5, "map": 1.0})
    # Asked for the other class, each query ranks its right sounds 3rd and 4th.
    m = er.text_to_audio(queries, torch.tensor([1, 0]), audio, audio_labels)
    assert m["r1"] == 0.0
    assert m["map"] == pytest.approx((1 / 3 + 2 / 4) / 2)


def test_relevance_breaks_ties_in_item_order():
    rel = er.relevance(torch.tensor([[0.5, 0.5, 0.5]]), torch.tensor([1]), torch.tensor([0, 1, 1]))
    assert rel.tolist() == [[False, True, True]]


def test_chance():
    assert er.chance_hit_at(4, 1, 1) == pytest.approx(0.25)
    assert er.chance_hit_at(4, 2, 2) == pytest.approx(1 - 1 / 6)
    assert er.chance_hit_at(4, 2, 4) == 1.0
    labels = torch.tensor([0] * 10 + [1] * 30)
    c = er.chance_text_metrics(torch.tensor([0, 1]), labels, draws=200)
    assert c["r1"] == pytest.approx((10 / 40 + 30 / 40) / 2)
    assert c["p10"] == pytest.approx(0.5)
    # The mAP of random rankings is near the share of right items, a little above it.
    assert 0.5 < c["map"] < 0.6


def test_ridge_recovers_a_linear_map():
    torch.manual_seed(0)
    x = torch.randn(500, 6)
    w = torch.randn(6, 3)
    y = F.normalize(x @ w, dim=-1)
    ridge = er.Ridge(x, x @ w).fit(1e-6)
    assert (ridge(x) * y).sum(-1).min().item() > 0.999
    assert er.pooled_features(torch.randn(2, 5, 16)).shape == (2, 5 * (2 + er.TIME_BINS))
