"""The learned null text condition (training/clipsonic/prior_null.py) against dalle2-pytorch
1.1.0's network: the same math while the condition is kept, a real unconditional branch when it
is dropped."""
import pytest
import torch

from training.clipsonic.dalle2_import import load_dalle2
from training.clipsonic.prior_null import build_network

NET = dict(dim=32, depth=2, num_timesteps=1000, max_text_len=8, dim_head=16, heads=2, ff_mult=2,
           normformer=True, rotary_emb=True)


@pytest.fixture(scope="module")
def nets():
    d2 = load_dalle2()
    torch.manual_seed(0)
    plain = build_network(d2, NET).eval()
    null = build_network(d2, {**NET, "learned_null_condition": True}).eval()
    missing, unexpected = null.load_state_dict(plain.state_dict(), strict=False)
    assert missing == ["null_text_embeds"] and unexpected == []
    return plain, null


def inputs(seed=1):
    g = torch.Generator().manual_seed(seed)
    text = torch.nn.functional.normalize(torch.randn(3, 32, generator=g), dim=-1)
    enc = torch.randn(3, 6, 32, generator=g)
    enc[0, 4:] = 0  # padding rows
    return torch.randn(3, 32, generator=g) * 5.6, torch.tensor([999, 10, 500]), text, enc


@torch.no_grad()
def test_kept_condition_is_110_math(nets):
    plain, null = nets
    x, t, text, enc = inputs()
    assert torch.equal(plain(x, t, text_embed=text, text_encodings=enc), null(x, t, text_embed=text, text_encodings=enc))


@torch.no_grad()
def test_dropped_condition_ignores_the_text(nets):
    plain, null = nets
    x, t, text, enc = inputs()
    _, _, other_text, other_enc = inputs(2)
    dropped = null(x, t, text_embed=text, text_encodings=enc, cond_drop_prob=1.0)
    assert torch.equal(dropped, null(x, t, text_embed=other_text, text_encodings=other_enc, cond_drop_prob=1.0))
    kept = null(x, t, text_embed=text, text_encodings=enc)
    assert (dropped - kept).abs().max() > 1e-2
    # 1.1.0 ignores the drop: that is the bug this network exists for.
    assert torch.equal(plain(x, t, text_embed=text, text_encodings=enc, cond_drop_prob=1.0), kept)
    guided = null.forward_with_cond_scale(x, t, text_embed=text, text_encodings=enc, cond_scale=3.0)
    assert torch.allclose(guided, dropped + (kept - dropped) * 3, atol=1e-5)


def test_training_drops_some_conditions(nets):
    _, null = nets
    x, t, text, enc = inputs()
    x, t, text, enc = (v.repeat(40, *[1] * (v.dim() - 1)) for v in (x, t, text, enc))
    torch.manual_seed(3)
    with torch.no_grad():
        out = null(x, t, text_embed=text, text_encodings=enc, cond_drop_prob=0.1)
        kept = null(x, t, text_embed=text, text_encodings=enc)
    dropped = ((out - kept).abs().amax(-1) > 1e-6).float().mean().item()
    assert 0.02 < dropped < 0.25, dropped
