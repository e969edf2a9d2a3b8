"""Rebuilds the tiny CLIP's transformers folder from a bundle (clip.safetensors + bundle.json's
`clip` config; F16 weights read back as F32), for steps that need CLIP after work/mini is gone,
e.g. retraining only the prior (`training.mini.build --prior-only`): its embeddings then come from
exactly the CLIP the engine runs.

    python3 -m training.mini.clip_folder --bundle models/mini --out work/mini/clip
"""
import argparse
import json
import os

import torch
from safetensors.torch import load_file


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle", default="models/mini")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    from transformers import CLIPConfig, CLIPModel

    with open(os.path.join(a.bundle, "bundle.json")) as f:
        section = json.load(f)["clip"]
    c = section["config"]
    model = CLIPModel(CLIPConfig(text_config=c["text_config"], vision_config=c["vision_config"],
                                 projection_dim=c["projection_dim"]))
    state = {k: v.to(torch.float32) for k, v in load_file(os.path.join(a.bundle, section["weights"])).items()}
    # Strict: a tensor missing or left over means the bundle is not this CLIP.
    model.load_state_dict(state, strict=True)
    model.save_pretrained(a.out, safe_serialization=True)
    print(f"{a.out}: CLIP from {a.bundle}")


if __name__ == "__main__":
    main()
