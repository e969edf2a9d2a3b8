"""The CLIP tokenizer in Python, as the Swift tokenizer (Sources/Models/CLIP) is checked against:
Hugging Face's CLIPTokenizer over the committed merges file, and OpenAI's text cleaning (ftfy,
HTML unescaping, whitespace, lower case), which bundles with "text_cleaning": "openai" use.
"""
import html
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MERGES = os.path.join(ROOT, "models", "vocab", "bpe_simple_vocab_16e6.txt")


def openai_clean(text: str) -> str:
    """The text cleaning of OpenAI CLIP's simple_tokenizer.py (basic_clean, whitespace_clean, lower),
    the cleaning CLIP and the LAION prior were trained with."""
    import ftfy

    text = ftfy.fix_text(text)
    text = html.unescape(html.unescape(text))
    text = text.strip()
    text = " ".join(text.split()).strip()
    return text.lower()


def build_hf_tokenizer(merges_path: str = None):
    """Hugging Face's CLIPTokenizer (transformers 5.x, Rust `tokenizers` backend) over the committed
    merges: the vocabulary is rebuilt exactly as CLIP builds it (bytes, bytes + </w>, merges, specials)."""
    from transformers import CLIPTokenizer
    from transformers.models.clip import tokenization_clip  # noqa: F401  (import check)

    with open(merges_path or MERGES, encoding="utf-8") as f:
        lines = f.read().split("\n")
    merges = [tuple(l.split()) for l in lines[1 : 49152 - 256 - 2 + 1]]
    byte_chars = list(bytes_to_unicode().values())
    vocab = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    assert len(vocab) == 49408
    return CLIPTokenizer(vocab={t: i for i, t in enumerate(vocab)}, merges=merges)


def bytes_to_unicode() -> dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))




def encode(tok, texts, context_length: int = 77):
    """OpenAI-cleaned texts -> (ids [B, L] padded with 0 to the longest, truncated to
    `context_length` keeping the end token)."""
    import torch

    rows = []
    for t in texts:
        ids = tok(openai_clean(t), max_length=context_length, truncation=True)["input_ids"]
        rows.append(ids)
    width = max(len(r) for r in rows)
    return torch.tensor([r + [0] * (width - len(r)) for r in rows])
