"""Captions: templates filled with a noun phrase (synonym, size word, number, rain intensity) or an
action phrase ("someone playing the cello", "three bells ringing").

The templates are split: TRAIN_TEMPLATES for the train and val splits, TEST_TEMPLATES held out for
the test split. The two sets share no fixed words in the same position, so no test caption can
equal a train caption (tests check this by enumerating every caption each split can produce).
Synonyms and size words are shared by both splits: what is held out is the phrasing.
"""
import numpy as np

from .classes import ClassSpec

TRAIN_TEMPLATES = (
    "a photo of {np}",
    "a picture of {np}",
    "{np}",
    "the sound of {np}",
    "{act}",
    "a video of {act}",
    "a recording of {np}",
    "a close-up of {np}",
    "audio of {act}",
    "{np} on a colourful background",
)
TEST_TEMPLATES = (
    "an image of {np}",
    "a clip of {act}",
    "listen to {np}",
    "a drawing of {np}",
    "what {np} sounds like",
    "you can hear {act}",
)

# Size words by fifth of the size range: bigger objects sound lower.
SIZE_WORDS = (("tiny",), ("small", "little"), ("", "medium-sized"), ("large", "big"), ("huge", "giant"))
COUNT_WORDS = ("", "one", "two", "three", "four", "five", "six")
INTENSITY_WORDS = (("light", "gentle"), ("steady", "moderate"), ("heavy", "pouring"))
# How often a caption names the size: captions without one teach the bare class.
SIZE_WORD_RATE = 0.75


def templates(split: str):
    if split in ("train", "val"):
        return TRAIN_TEMPLATES
    if split == "test":
        return TEST_TEMPLATES
    raise ValueError(f"unknown split {split!r}; use train, val or test")


def size_words(size: float):
    return SIZE_WORDS[min(int(size * 5), 4)]


def intensity_words(intensity: float):
    return INTENSITY_WORDS[min(int(intensity * 3), 2)]


def _article(phrase: str) -> str:
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def nouns(spec: ClassSpec, size: float):
    """Singular nouns for the class at this size (a big violin is a cello)."""
    return spec.big_nouns if spec.big_nouns and size >= 0.75 else spec.nouns


def noun_phrases(spec: ClassSpec, size: float, count: int, intensity: float, with_size: bool):
    """Every noun phrase the caption may use, e.g. ["three small bells", "three little brass bells", ...]."""
    if spec.audible == "intensity":
        return [f"{w} {n}" for w in intensity_words(intensity) for n in spec.nouns]
    adjectives = [w for w in size_words(size) if w] if with_size else []
    out = []
    for i, noun in enumerate(nouns(spec, size)):
        word = spec.plurals[i] if count > 1 else noun
        for adj in adjectives or [""]:
            core = f"{adj} {word}".strip()
            out.append(f"{COUNT_WORDS[count]} {core}" if count > 1 else _article(core))
    return out


def action_phrases(spec: ClassSpec, size: float, count: int, intensity: float, with_size: bool):
    """Every action phrase: "someone playing the tiny flute", "a small flute being played", "two dogs barking"."""
    nps = noun_phrases(spec, size, count, intensity, with_size)
    if spec.kind == "instrument":
        the = ["the " + p.split(" ", 1)[1] for p in nps]
        return [f"someone playing {t}" for t in the] + [f"{p} being played" for p in nps]
    return [f"{p} {v}" for p in nps for v in spec.verbs]


def caption(spec: ClassSpec, size: float, count: int, intensity: float, rng: np.random.Generator, split: str) -> str:
    """One random caption of the sample from the split's templates."""
    tpl = templates(split)[int(rng.integers(len(templates(split))))]
    with_size = bool(rng.random() < SIZE_WORD_RATE)
    options = (action_phrases if "{act}" in tpl else noun_phrases)(spec, size, count, intensity, with_size)
    phrase = options[int(rng.integers(len(options)))]
    return tpl.replace("{act}", phrase).replace("{np}", phrase)


def describe(spec: ClassSpec, size: float = None, count: int = 1, intensity: float = 0.5, template: int = 0,
             split: str = "test", action: bool = None) -> str:
    """A deterministic caption for evaluation prompts: the first synonym, the size word when a size
    is given, the split's template number `template` (mod the number of templates)."""
    tpl = templates(split)[template % len(templates(split))]
    with_size = size is not None
    s = 0.5 if size is None else size
    options = (action_phrases if "{act}" in tpl else noun_phrases)(spec, s, count, intensity, with_size)
    return tpl.replace("{act}", options[0]).replace("{np}", options[0])


def all_captions(spec: ClassSpec, split: str, max_count: int = None) -> set:
    """Every caption the split can produce for the class (sizes, counts and intensities by bin)."""
    out = set()
    counts = range(1, (max_count or spec.max_count) + 1)
    for tpl in templates(split):
        for b in range(5):
            for count in counts:
                for intensity in (0.1, 0.5, 0.9):
                    for with_size in (False, True):
                        fn = action_phrases if "{act}" in tpl else noun_phrases
                        for phrase in fn(spec, (b + 0.5) / 5, count, intensity, with_size):
                            out.add(tpl.replace("{act}", phrase).replace("{np}", phrase))
    return out
