"""The metric layer of training/mini/evaluate_listening.py (the CLI is not run): Spearman's
correlation, top-ranked against random-pick figures and the CLI's take summary, on hand-made
numbers; and --dry-run planning the commands without running any."""
import json
import math

import pytest
import torch

from training.mini import evaluate_listening as el


def test_spearman_by_hand():
    assert el.spearman([1, 2, 3, 4], [10, 20, 30, 45]) == pytest.approx(1.0)
    assert el.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # Ties share their mean rank: x ranks 1, 2.5, 2.5, 4 -> 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    assert el.spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(math.sqrt(0.9))
    assert el.spearman([0.1, 0.9, 0.5], [3, 1, 2]) == pytest.approx(-1.0)
    assert math.isnan(el.spearman([1, 1, 1], [1, 2, 3]))
    assert math.isnan(el.spearman([1], [2]))
    with pytest.raises(ValueError):
        el.spearman([1, 2], [1])


def test_average_ranks():
    assert el.average_ranks([3, 1, 3, 2]).tolist() == [3.5, 1, 3.5, 2]


def take(rank, correct, kind, error, score=0.0, probability=0.0):
    return dict(rank=rank, correct=correct, kind=kind, error=error, score=score, probability=probability)


def test_top_against_random_pick():
    counted = [take(1, True, "count", 0), take(2, False, "count", 2), take(3, False, "count", 2), take(4, False, "count", 4)]
    pitched = [take(1, True, "pitch", 1.0), take(2, True, "pitch", 3.0), take(3, False, "pitch", math.inf),
               take(4, False, "pitch", 5.0)]
    s = el.pick_stats([counted, pitched])
    assert s["top"]["accuracy"] == 1.0
    assert s["top"]["count_mean"] == 0
    assert s["top"]["pitch_median"] == 1.0
    assert s["top"]["unvoiced_share"] == 0.0
    assert s["random"]["accuracy"] == pytest.approx(3 / 8)
    assert s["random"]["count_mean"] == pytest.approx(2.0)
    assert s["random"]["pitch_median"] == pytest.approx(3.0)  # voiced 1, 3, 5
    assert s["random"]["unvoiced_share"] == pytest.approx(0.25)
    assert math.isnan(s["random"]["intensity_mean"])


def test_random_pick_weights_each_request_equally():
    a = [take(1, True, "intensity", 0.1), take(2, False, "intensity", 0.3)]
    b = [take(1, False, "intensity", 0.5)]
    s = el.pick_stats([a, b])
    assert s["random"]["accuracy"] == pytest.approx(0.25)  # (0.5 + 0) / 2, not 1 / 3
    assert s["random"]["intensity_mean"] == pytest.approx((0.2 + 0.5) / 2)
    assert s["top"]["accuracy"] == 0.5
    with pytest.raises(ValueError, match="rank 1"):
        el.pick_stats([[take(2, True, "count", 0)]])


def test_weighted_median():
    assert el.weighted_median([1, 2, 3, 4], [1, 1, 1, 1]) == 2.5
    assert el.weighted_median([1, 2, 3], [1, 1, 1]) == 2
    assert el.weighted_median([1, 10], [3, 1]) == 1
    assert math.isnan(el.weighted_median([], []))


def test_within_group_spearman():
    g1 = [take(1, True, "count", 0, score=0.9, probability=0.8), take(2, True, "count", 0, score=0.5, probability=0.6)]
    g2 = [take(1, True, "count", 0, score=0.9, probability=0.1), take(2, True, "count", 0, score=0.5, probability=0.6)]
    g3 = [take(1, True, "count", 0, score=0.9, probability=0.5), take(2, True, "count", 0, score=0.5, probability=0.5)]
    assert el.within_group_spearman([g1, g2, g3], "score", "probability") == pytest.approx(0.0)  # (1 - 1) / 2; g3 undefined
    assert el.within_group_spearman([g1], "score", "probability") == pytest.approx(1.0)


def summary(scores):
    return json.dumps({"takes": [{"file": f"t-v{k}.wav", "seed": 7 + k, "score": s, "rank": r}
                                 for r, (k, s) in enumerate(scores, 1)]})


def test_parse_takes_checks_the_contract():
    takes = el.parse_takes(summary([(2, 0.5), (1, 0.25), (3, -0.1)]), 3)
    assert [t["file"] for t in takes] == ["t-v2.wav", "t-v1.wav", "t-v3.wav"]
    with pytest.raises(ValueError, match="2 takes, expected 3"):
        el.parse_takes(summary([(1, 0.5), (2, 0.25)]), 3)
    with pytest.raises(ValueError, match="not sorted"):
        el.parse_takes(summary([(1, 0.1), (2, 0.25)]), 2)
    with pytest.raises(ValueError, match="lacks"):
        el.parse_takes(json.dumps({"takes": [{"file": "a.wav", "seed": 1}]}), 1)
    with pytest.raises(ValueError, match="not a generate"):
        el.parse_takes("warning: something", 1)
    # A single take made without --rank (audio mode) has no rank of its own: it is the first.
    single = el.parse_takes(json.dumps({"takes": [{"file": "a.wav", "seed": 1, "score": 0.9}]}), 1)
    assert single[0]["rank"] == 1
    with pytest.raises(ValueError, match="lacks"):
        el.parse_takes(json.dumps({"takes": [{"file": "a.wav", "seed": 1, "score": 0.9}] * 2}), 2)


def test_generate_command_follows_the_cli_contract():
    cmd = el.generate_command("clipsonic", "models/mini", "prior", 9, "d/n.wav", 4, 25, 3.0, prompt="a bell")
    assert cmd[:3] == ["clipsonic", "generate", "a bell"]
    for pair in (["--mode", "prior"], ["--variations", "4"], ["--seed", "9"], ["--out", "d/n.wav"], ["--bundle", "models/mini"]):
        assert cmd[cmd.index(pair[0]) + 1] == pair[1]
    assert "--rank" in cmd and cmd[-1] == "--json"
    image = el.generate_command("clipsonic", "b", "image", 1, "o.wav", 4, 25, 3.0, image="p.png")
    assert image[2] == "--bundle" and image[image.index("--image") + 1] == "p.png"
    audio = el.generate_command("clipsonic", "b", "audio", 1, "o.wav", 1, 25, 3.0, audio="s.wav")
    assert audio[audio.index("--audio") + 1] == "s.wav" and "--variations" not in audio and "--rank" not in audio


def test_dry_run_plans_without_running(tmp_path, capsys):
    n = 8
    torch.save({"images": torch.zeros(n, 4, 4, 3, dtype=torch.uint8), "captions": [f"c{i}" for i in range(n)],
                "classes": torch.tensor([0, 1] * 4), "properties": torch.zeros(n, 4),
                "audio": {"sample_rate": 16000, "n_fft": 1024, "hop": 256, "win": 1024, "n_mels": 80, "fmin": 0.0,
                          "fmax": 8000.0, "frames": 128, "norm_shift": -7.5, "norm_scale": 4.0},
                "class_names": ["bell", "drum"]}, tmp_path / "world-test.pt")
    out = tmp_path / "EVAL.md"
    el.main(["--data", str(tmp_path), "--out", str(out), "--per-class", "1", "--audio-per-class", "2",
             "--binary", "/nonexistent/clipsonic", "--dry-run"])
    text = capsys.readouterr().out
    assert text.count("/nonexistent/clipsonic generate") == 2 * 2 + 2 * 2
    assert "8 commands" in text and not out.exists()
