"""Reading videos through ffmpeg/ffprobe: streams, duration, mono audio, one frame at a time."""
import io
import json
import shutil
import subprocess

import numpy as np


class VideoError(Exception):
    """A video that cannot be used; the message says which and why."""


def _need(tool: str):
    if shutil.which(tool) is None:
        raise VideoError(f"{tool} is not installed: install it (apt-get install ffmpeg) to build datasets from videos")


def probe(path: str) -> dict:
    """Duration (s) and whether the file has audio and video streams."""
    _need("ffprobe")
    r = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise VideoError(f"{path}: ffprobe cannot read it ({r.stderr.strip().splitlines()[-1] if r.stderr.strip() else 'no output'})")
    info = json.loads(r.stdout or "{}")
    streams = info.get("streams", [])
    duration = float(info.get("format", {}).get("duration", 0) or 0)
    # A cover picture (attached_pic) is not a picture stream.
    pictures = [s for s in streams
                if s.get("codec_type") == "video" and s.get("disposition", {}).get("attached_pic", 0) == 0]
    # The picture stream can end before the soundtrack: frames are read within its own length.
    video_duration = max([float(s.get("duration", 0) or 0) for s in pictures] + [0.0]) or duration
    return {
        "duration": duration,
        "video_duration": video_duration,
        "has_audio": any(s.get("codec_type") == "audio" for s in streams),
        "has_video": bool(pictures),
    }


def read_audio(path: str, sample_rate: int) -> np.ndarray:
    """The whole soundtrack as mono float32 at `sample_rate`."""
    _need("ffmpeg")
    r = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", str(sample_rate),
                        "-f", "f32le", "-"], capture_output=True)
    if r.returncode != 0:
        raise VideoError(f"{path}: cannot decode audio ({r.stderr.decode(errors='replace').strip()[-200:]})")
    return np.frombuffer(r.stdout, dtype=np.float32).copy()


def read_frame(path: str, seconds: float):
    """The frame at `seconds` as a PIL RGB image."""
    _need("ffmpeg")
    from PIL import Image

    r = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{seconds:.3f}", "-i", path, "-frames:v", "1",
                        "-f", "image2pipe", "-vcodec", "png", "-"], capture_output=True)
    if r.returncode != 0 or not r.stdout:
        raise VideoError(f"{path}: no frame at {seconds:.2f} s")
    return Image.open(io.BytesIO(r.stdout)).convert("RGB")
