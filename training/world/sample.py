"""One sample of the world: the hidden variables, then a picture, a sound and a caption drawn
from them with independent random streams (so changing how pictures are drawn never changes the
sounds of a seed)."""
from dataclasses import dataclass

import numpy as np

from . import captions
from .classes import CLASSES, INDEX, spec as class_spec
from .config import DEFAULT_DURATION, IMAGE_SIZE, SAMPLE_RATE, SPLITS
from .params import Params, draw_params
from .scene import render_image
from .synth import render_audio

_SPLIT_ID = {name: i for i, name in enumerate(SPLITS)}


@dataclass
class Sample:
    class_name: str
    class_index: int
    image: np.ndarray  # uint8 [H, W, 3]
    audio: np.ndarray  # float32 [T], mono, in [-1, 1]
    caption: str
    params: Params
    sample_rate: int
    split: str

    @property
    def size(self) -> float:
        return self.params.size

    @property
    def pitch_hz(self) -> float:
        return self.params.pitch_hz

    @property
    def count(self) -> int:
        return self.params.count

    @property
    def intensity(self) -> float:
        return self.params.intensity

    @property
    def properties(self) -> dict:
        """The hidden variables: size, pitch_hz, count, notes, intensity, loudness_db, duration."""
        return self.params.as_dict()


def _check_split(split: str):
    if split not in _SPLIT_ID:
        raise ValueError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")


def rng_for(seed: int, split: str, index: int) -> np.random.Generator:
    """The generator of sample `index` of a dataset (seed, split): independent of every other index,
    so datasets can be rendered in any order, in parallel, or in part."""
    _check_split(split)
    return np.random.default_rng(np.random.SeedSequence([int(seed), _SPLIT_ID[split], int(index)]))


def sample(rng=None, class_name=None, split: str = "train", duration: float = DEFAULT_DURATION,
           sample_rate: int = SAMPLE_RATE, image_size: int = IMAGE_SIZE) -> Sample:
    """Draws one sample.

    rng: a numpy Generator (advanced by the call) or an int seed (combined with the split, so a seed
    gives different samples in train and test). class_name: a class name or index, or None for a
    random class. split: "train" and "val" use the training caption templates, "test" the held-out ones.
    """
    _check_split(split)
    if rng is None or isinstance(rng, (int, np.integer)):
        rng = np.random.default_rng(np.random.SeedSequence([0 if rng is None else int(rng), _SPLIT_ID[split]]))
    if class_name is None:
        class_name = CLASSES[int(rng.integers(len(CLASSES)))]
    s = class_spec(class_name)
    p = draw_params(s, rng, duration)
    image_rng, audio_rng, caption_rng = (np.random.default_rng(int(x)) for x in rng.integers(0, 2 ** 63, size=3))
    return Sample(
        class_name=s.name,
        class_index=INDEX[s.name],
        image=render_image(s, p, image_rng, image_size),
        audio=render_audio(s, p, audio_rng, sample_rate),
        caption=captions.caption(s, p.size, p.count, p.intensity, caption_rng, split),
        params=p,
        sample_rate=sample_rate,
        split=split,
    )


def dataset_class(seed: int, split: str, index: int) -> str:
    """Balanced class order: each block of len(CLASSES) consecutive indices holds every class once,
    in an order shuffled per block."""
    block, k = divmod(int(index), len(CLASSES))
    order = np.random.default_rng(np.random.SeedSequence([int(seed), _SPLIT_ID[split], block, 7])).permutation(len(CLASSES))
    return CLASSES[int(order[k])]


def dataset_sample(seed: int, split: str, index: int, duration: float = DEFAULT_DURATION,
                   sample_rate: int = SAMPLE_RATE, image_size: int = IMAGE_SIZE) -> Sample:
    """Sample `index` of the dataset (seed, split), with balanced classes."""
    return sample(rng_for(seed, split, index), dataset_class(seed, split, index), split, duration, sample_rate, image_size)


def samples(seed: int, count: int, split: str = "train", start: int = 0, **kwargs):
    """Samples start .. start + count - 1 of the dataset (seed, split), in order."""
    for i in range(start, start + count):
        yield dataset_sample(seed, split, i, **kwargs)
