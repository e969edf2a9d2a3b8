"""CLIP text encoding as the Swift engine does it (Sources/Models/CLIP, Sources/Engine/Pipeline/
ConditionEncoder.swift): the bundle's BPE merges file, its text cleaning, ids padded to the
context length with <|endoftext|>, and from the text tower the L2-normalised projected embedding
and the last hidden state with the padding rows zeroed (the prior's text encodings).

The tokenizer is transformers' CLIPTokenizer with the vocabulary rebuilt from the merges file the
way CLIP builds it (as training/fixtures/gen_clip.py does for the tokenizer parity fixtures).
"openai" cleaning is OpenAI CLIP's simple_tokenizer basic_clean + whitespace_clean + lower, which
needs ftfy; "huggingface" is the tokenizer's own normalisation alone.
"""
import html
import os

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_MERGES = os.path.join(ROOT, "models", "vocab", "bpe_simple_vocab_16e6.txt")
# CLIP's vocabulary: 256 byte symbols, the same with </w>, the merges, then the two specials.
VOCAB_SIZE = 49408
START, END = 49406, 49407


def bytes_to_unicode() -> dict:
    """CLIP's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def openai_clean(text: str) -> str:
    """OpenAI CLIP's cleaning: ftfy.fix_text, HTML unescaped twice, whitespace collapsed, lower case."""
    try:
        import ftfy
    except ImportError as e:
        raise SystemExit("the bundle's text_cleaning is \"openai\", which needs ftfy: pip install ftfy") from e
    text = ftfy.fix_text(text)
    text = html.unescape(html.unescape(text))
    return " ".join(text.strip().split()).strip().lower()


def build_tokenizer(merges_path: str = DEFAULT_MERGES):
    """transformers CLIPTokenizer over CLIP's merges file (upstream header line + merges)."""
    from transformers import CLIPTokenizer

    try:
        with open(merges_path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise SystemExit(f"{merges_path}: cannot read the CLIP merges file ({e})") from e
    count = VOCAB_SIZE - 256 * 2 - 2
    merges = [tuple(line.split()) for line in lines[1:count + 1]]
    if len(merges) != count or any(len(m) != 2 for m in merges):
        raise SystemExit(f"{merges_path}: expected a header line and {count} merges (CLIP's bpe_simple_vocab_16e6)")
    byte_chars = list(bytes_to_unicode().values())
    vocab = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    return CLIPTokenizer(vocab={t: i for i, t in enumerate(vocab)}, merges=merges)


class ClipTextEncoder:
    """Prompts -> (embedding [N, D] L2-normalised, encodings [N, L, W] with padding rows zero)."""

    def __init__(self, model, tokenizer, cleaning: str = "openai", context_length: int = 77):
        # model: transformers CLIPModel (or CLIPTextModelWithProjection), eval mode.
        if cleaning not in ("openai", "huggingface"):
            raise ValueError(f"unknown text_cleaning {cleaning!r}: use \"openai\" or \"huggingface\"")
        self.model, self.tokenizer, self.cleaning, self.context_length = model, tokenizer, cleaning, context_length

    def ids(self, prompt: str) -> list:
        text = openai_clean(prompt) if self.cleaning == "openai" else prompt
        return self.tokenizer(text, max_length=self.context_length, truncation=True)["input_ids"]

    def padded(self, prompts):
        """ids [N, L] padded with <|endoftext|> (as Hugging Face pads CLIP) and mask [N, L]."""
        rows = [self.ids(p) for p in prompts]
        ids = torch.full((len(rows), self.context_length), END, dtype=torch.long)
        mask = torch.zeros(len(rows), self.context_length, dtype=torch.bool)
        for i, r in enumerate(rows):
            ids[i, :len(r)] = torch.tensor(r)
            mask[i, :len(r)] = True
        return ids, mask

    @torch.no_grad()
    def encode(self, prompts):
        ids, mask = self.padded(prompts)
        # No attention mask: the causal mask already hides the padding from every real token,
        # and the engine runs the tower the same way.
        text_model = getattr(self.model, "text_model", self.model)
        projection = self.model.text_projection
        out = text_model(input_ids=ids)
        hidden = out.last_hidden_state * mask[..., None]  # [N, L, W]
        embedding = torch.nn.functional.normalize(projection(out.pooler_output), dim=-1)  # [N, D]
        return embedding, hidden
