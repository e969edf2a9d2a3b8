"""A miniature audio-visual world for training and testing CLIPSonic end to end without downloads.

Fourteen sound sources (eight instruments after the MUSIC dataset's, six everyday sources), each
with a synthesiser, a drawing and captions. What is seen and what is heard share hidden
variables: a bigger object sounds lower, n drawn bells ring n times, more drawn drops mean
heavier rain. See README.md.

    from training.world import sample, CLASSES
    s = sample(seed, class_name="violin", split="train")   # s.image [64, 64, 3] uint8, s.audio [65536] float32
"""
from .captions import TEST_TEMPLATES, TRAIN_TEMPLATES, all_captions, describe
from .classes import CLASSES, SPECS, ClassSpec, spec
from .config import DEFAULT_DURATION, HOP, IMAGE_SIZE, N_FFT, N_MELS, SAMPLE_RATE, SPLITS
from .estimate import count_events, estimate_intensity, estimate_pitch, measure, property_error
from .features import log_mel
from .params import Params
from .sample import Sample, dataset_class, dataset_sample, rng_for, sample, samples

__all__ = [
    "CLASSES", "SPECS", "ClassSpec", "spec", "Sample", "Params", "sample", "samples", "dataset_sample",
    "dataset_class", "rng_for", "SAMPLE_RATE", "HOP", "N_FFT", "N_MELS", "IMAGE_SIZE", "DEFAULT_DURATION",
    "SPLITS", "TRAIN_TEMPLATES", "TEST_TEMPLATES", "all_captions", "describe", "log_mel", "estimate_pitch",
    "count_events", "estimate_intensity", "measure", "property_error",
]
