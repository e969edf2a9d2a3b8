"""Imports dalle2-pytorch 1.1.0's prior code without its package __init__.

dalle2-pytorch's __init__ imports torchvision, kornia, x-clip, CoCa and its trainer, whose wheels
would replace the installed torch; none of them is on the prior's code path (DiffusionPrior,
DiffusionPriorNetwork, NoiseScheduler). So this loads only dalle2_pytorch/dalle2_pytorch.py, with
inert stand-ins registered for those imports. A stand-in raises if anything ever calls it, so a
code path that does need one fails loudly instead of computing something else.

Install (no dependencies, so pip never touches torch):
    pip install --no-deps dalle2-pytorch==1.1.0 rotary-embedding-torch==0.1.5 einops==0.8.2 einops-exts==0.0.4
"""
import importlib.util
import os
import sys
import types

# The version whose prior math the Swift engine implements (LAION's ViT-L/14 prior).
REFERENCE_VERSION = "1.1.0"
INSTALL_HINT = ("pip install --no-deps dalle2-pytorch==1.1.0 rotary-embedding-torch==0.1.5 "
                "einops==0.8.2 einops-exts==0.0.4")
MODULE_NAME = "dalle2_pytorch.dalle2_pytorch"


class Dalle2ImportError(ImportError):
    """dalle2-pytorch is missing or is another version; the message says what to install."""


class _Unused:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("stand-in for an import that dalle2-pytorch's prior does not use was called")


def _unused_function(*args, **kwargs):
    return _Unused()


def _stub(name: str, added: list, **attrs):
    if name not in sys.modules:
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module
        added.append(name)
    return sys.modules[name]


def package_dir() -> str:
    spec = importlib.util.find_spec("dalle2_pytorch")
    if spec is None or not spec.submodule_search_locations:
        raise Dalle2ImportError(f"dalle2-pytorch is not installed: {INSTALL_HINT}")
    return list(spec.submodule_search_locations)[0]


def installed_version(pkg_dir: str) -> str:
    namespace = {}
    with open(os.path.join(pkg_dir, "version.py")) as f:
        exec(f.read(), namespace)  # the package's own one-line version file
    return namespace["__version__"]


def load_dalle2(required_version: str = REFERENCE_VERSION):
    """The module dalle2_pytorch.dalle2_pytorch (DiffusionPrior, DiffusionPriorNetwork, ...)."""
    if MODULE_NAME in sys.modules and hasattr(sys.modules[MODULE_NAME], "DiffusionPrior"):
        return sys.modules[MODULE_NAME]
    pkg_dir = package_dir()
    version = installed_version(pkg_dir)
    if required_version is not None and version != required_version:
        raise Dalle2ImportError(f"dalle2-pytorch {version} is installed; the Swift prior implements "
                                f"{required_version}'s math: {INSTALL_HINT}")
    # Foreign stand-ins live in sys.modules only while the module file runs: left there, they
    # would make transformers and diffusers believe torchvision is installed.
    added = []
    try:
        _stub("torchvision", added, transforms=_stub("torchvision.transforms", added))
        _stub("kornia", added, filters=_stub("kornia.filters", added, gaussian_blur2d=_unused_function),
              augmentation=_stub("kornia.augmentation", added))
        _stub("resize_right", added, resize=_unused_function)
        _stub("x_clip", added, CLIP=type("CLIP", (_Unused,), {}))
        _stub("coca_pytorch", added, CoCa=type("CoCa", (_Unused,), {}))
        package = types.ModuleType("dalle2_pytorch")
        package.__path__ = [pkg_dir]
        sys.modules["dalle2_pytorch"] = package
        _stub("dalle2_pytorch.tokenizer", [], tokenizer=None)
        _stub("dalle2_pytorch.vqgan_vae", [], NullVQGanVAE=type("NullVQGanVAE", (_Unused,), {}),
              VQGanVAE=type("VQGanVAE", (_Unused,), {}))
        spec = importlib.util.spec_from_file_location(MODULE_NAME, os.path.join(pkg_dir, "dalle2_pytorch.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[MODULE_NAME] = module
        try:
            spec.loader.exec_module(module)
        except ImportError as e:
            del sys.modules[MODULE_NAME]
            raise Dalle2ImportError(f"dalle2-pytorch's prior module needs {e.name}: {INSTALL_HINT}") from e
    finally:
        for name in added:
            sys.modules.pop(name, None)
    # The samplers wrap their loops in tqdm progress bars; library use wants them quiet.
    module.tqdm = lambda iterable, *args, **kwargs: iterable
    return module
