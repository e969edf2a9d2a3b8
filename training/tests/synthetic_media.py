"""Small generated videos and a tiny random CLIP for the training tests (and for trying the
training commands without real data).

Each video shows solid-colour pictures with a shape and plays a matching sound: the picture's hue
picks a tone's pitch, so the (frame, audio) pairing carries something a model can learn. Made
with ffmpeg from PNGs (Pillow) and WAVs (numpy) written to a temporary folder.
"""
import colorsys
import os
import subprocess
import wave

import numpy as np

SAMPLE_RATE = 16000


def picture(hue: float, shape: str, size: int = 48):
    """A solid-colour picture with a white circle or square in the middle."""
    from PIL import Image, ImageDraw

    r, g, b = (int(255 * c) for c in colorsys.hsv_to_rgb(hue, 0.9, 0.9))
    im = Image.new("RGB", (size, size), (r, g, b))
    d = ImageDraw.Draw(im)
    box = (size // 4, size // 4, 3 * size // 4, 3 * size // 4)
    (d.ellipse if shape == "circle" else d.rectangle)(box, fill=(255, 255, 255))
    return im


def sound(hue: float, seconds: float, seed: int, noise: float = 0.05) -> np.ndarray:
    """A tone whose pitch follows the hue (200-2000 Hz), with its octave and a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    f = 200.0 * 10 ** hue
    y = 0.5 * np.sin(2 * np.pi * f * t) + 0.2 * np.sin(4 * np.pi * f * t) + noise * rng.standard_normal(len(t))
    return (0.8 * y / max(1e-6, np.abs(y).max())).astype(np.float32)


def write_wav(path: str, y: np.ndarray, sample_rate: int = SAMPLE_RATE):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes((np.clip(y, -1, 1) * 32767).astype("<i2").tobytes())


def ffmpeg(*args):
    r = subprocess.run(["ffmpeg", "-v", "error", "-y", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ffmpeg {' '.join(args)}: {r.stderr.strip()}")


def make_video(path: str, hues: list, seconds_each: float, seed: int, audio: bool = True, picture_size: int = 48):
    """A video of len(hues) segments, each a picture of that hue with its tone."""
    work = path + ".parts"
    os.makedirs(work, exist_ok=True)
    frames = []
    for i, hue in enumerate(hues):
        p = os.path.join(work, f"{i}.png")
        picture(hue, "circle" if i % 2 == 0 else "square", picture_size).save(p)
        frames.append(p)
    concat = os.path.join(work, "frames.txt")
    with open(concat, "w") as f:
        for p in frames:
            f.write(f"file '{os.path.abspath(p)}'\nduration {seconds_each}\n")
        f.write(f"file '{os.path.abspath(frames[-1])}'\n")
    args = ["-f", "concat", "-safe", "0", "-i", concat]
    if audio:
        wav = os.path.join(work, "sound.wav")
        write_wav(wav, np.concatenate([sound(h, seconds_each, seed + i) for i, h in enumerate(hues)]))
        args += ["-i", wav, "-c:a", "aac", "-b:a", "96k"]
    args += ["-r", "10", "-c:v", "mpeg4", "-q:v", "3", "-pix_fmt", "yuv420p",
             "-t", f"{seconds_each * len(hues):.3f}", path]
    ffmpeg(*args)
    for p in os.listdir(work):
        os.remove(os.path.join(work, p))
    os.rmdir(work)


def make_video_set(folder: str, count: int, segments: int = 3, seconds_each: float = 1.0, seed: int = 0) -> list:
    """`count` videos with audio; returns their paths."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = []
    for v in range(count):
        path = os.path.join(folder, f"video{v:03d}.mp4")
        make_video(path, [float(h) for h in rng.uniform(0, 1, segments)], seconds_each, seed * 1000 + v * 10)
        paths.append(path)
    return paths


def make_broken_videos(folder: str) -> dict:
    """A video without audio, a corrupt file and one too short to hold a clip."""
    os.makedirs(folder, exist_ok=True)
    silent = os.path.join(folder, "silent.mp4")
    make_video(silent, [0.3], 1.0, 1, audio=False)
    corrupt = os.path.join(folder, "corrupt.mp4")
    with open(corrupt, "wb") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42" + np.random.default_rng(0).bytes(3000))
    short = os.path.join(folder, "short.mp4")
    make_video(short, [0.6], 0.2, 2)
    return {"silent": silent, "corrupt": corrupt, "short": short}


def tiny_clip(folder: str, seed: int = 0, dim: int = 32, image_size: int = 32):
    """A random Hugging Face CLIP saved by save_pretrained, with its image processor. The text
    tower is as wide as the projection, so a dalle2 prior can take its encodings."""
    import torch
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel

    torch.manual_seed(seed)
    cfg = CLIPConfig(
        text_config=dict(vocab_size=49408, hidden_size=dim, intermediate_size=2 * dim, num_hidden_layers=2,
                         num_attention_heads=2, max_position_embeddings=77, hidden_act="quick_gelu",
                         bos_token_id=49406, eos_token_id=49407, pad_token_id=1),
        vision_config=dict(hidden_size=dim, intermediate_size=2 * dim, num_hidden_layers=2, num_attention_heads=2,
                           image_size=image_size, patch_size=8, hidden_act="quick_gelu"),
        projection_dim=dim)
    model = CLIPModel(cfg).eval()
    with torch.no_grad():
        # Larger than the default init, so different pictures give clearly different embeddings.
        for name, p in model.named_parameters():
            if "norm" not in name and p.dim() >= 2 and "embedding" not in name:
                p.mul_(3.0)
    model.save_pretrained(folder)
    CLIPImageProcessor(size={"shortest_edge": image_size},
                       crop_size={"height": image_size, "width": image_size}).save_pretrained(folder)
    return folder
