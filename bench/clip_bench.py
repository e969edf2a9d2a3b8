"""Times OpenAI CLIP ViT-L/14 (random weights of the real shapes, transformers' CLIPModel) on the
CPU: one prompt's text embedding and one picture's image embedding, and prints JSON.

Run from the repo root: python3 bench/clip_bench.py [--threads 2] [--repeats 3]
The Swift side (clipsonic-bench clip) builds the same shapes from the same config.
"""
import argparse
import json
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    from transformers import CLIPConfig, CLIPModel

    cfg = CLIPConfig(projection_dim=768,
                     text_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                                      num_attention_heads=12, max_position_embeddings=77, hidden_act="quick_gelu"),
                     vision_config=dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                                        num_attention_heads=16, image_size=224, patch_size=14, hidden_act="quick_gelu"))
    model = CLIPModel(cfg).eval()
    ids = torch.zeros(1, 77, dtype=torch.long)
    ids[0, :12] = torch.randint(1, 49406, (12,))
    ids[0, 0], ids[0, 12] = 49406, 49407
    px = torch.randn(1, 3, 224, 224)

    def timed(f):
        times = []
        with torch.inference_mode():
            f()
            for _ in range(a.repeats):
                s = time.perf_counter()
                f()
                times.append(time.perf_counter() - s)
        return statistics.median(times)

    result = {"bench": "clip", "impl": "pytorch", "model": "ViT-L/14 (random)", "threads": a.threads,
              "torch": torch.__version__,
              "text_seconds": round(timed(lambda: model.text_projection(model.text_model(input_ids=ids).pooler_output)), 4),
              "image_seconds": round(timed(lambda: model.visual_projection(model.vision_model(pixel_values=px).pooler_output)), 4)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
