"""Samples as short videos, for the dataset builder (training/clipsonic/build_dataset.py): each is
the picture held still, with the sound as its audio track, encoded by ffmpeg, plus a CSV listing.

Pictures are enlarged (nearest neighbour, `scale` x) before H.264 encoding so that its 4:2:0
colour subsampling and blocking barely touch the 64 x 64 content; a frame read back and shrunk
again is within a few grey levels of the original.
"""
import os
import shutil
import subprocess
import tempfile
import wave

import numpy as np
from PIL import Image

CSV_FIELDS = ("path", "index", "split", "class", "caption", "size", "pitch_hz", "count", "notes",
              "intensity", "loudness_db", "duration")


class VideoWriteError(Exception):
    """ffmpeg is missing or failed; the message says which file and why."""


def write_wav(path: str, audio: np.ndarray, sample_rate: int):
    """16-bit PCM mono WAV."""
    pcm = np.clip(np.round(np.asarray(audio, dtype=np.float64) * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())


def encode_video(path: str, image: np.ndarray, audio: np.ndarray, sample_rate: int, scale: int = 4,
                 fps: int = 8, crf: int = 12):
    """Writes `path` (.mp4: H.264 + AAC 128k; .mkv: H.264 + 16-bit PCM, lossless sound)."""
    if shutil.which("ffmpeg") is None:
        raise VideoWriteError("ffmpeg is not installed: install it (apt-get install ffmpeg), or write shards instead")
    duration = len(audio) / sample_rate
    with tempfile.TemporaryDirectory(prefix="world-video-") as tmp:
        png, wav = os.path.join(tmp, "frame.png"), os.path.join(tmp, "audio.wav")
        h, w, _ = image.shape
        Image.fromarray(image).resize((w * scale, h * scale), Image.NEAREST).save(png)
        write_wav(wav, audio, sample_rate)
        audio_codec = ["-c:a", "pcm_s16le"] if path.endswith(".mkv") else ["-c:a", "aac", "-b:a", "128k"]
        cmd = ["ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", str(fps), "-i", png, "-i", wav,
               "-t", f"{duration:.6f}", "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
               "-crf", str(crf), "-pix_fmt", "yuv420p", *audio_codec, "-ar", str(sample_rate), "-ac", "1",
               path]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise VideoWriteError(f"{path}: ffmpeg failed ({r.stderr.strip()[-300:]})")


def csv_row(sample, index: int, rel_path: str) -> dict:
    p = sample.params
    return {"path": rel_path, "index": index, "split": sample.split, "class": sample.class_name,
            "caption": sample.caption, "size": f"{p.size:.6f}", "pitch_hz": f"{p.pitch_hz:.4f}", "count": p.count,
            "notes": p.notes, "intensity": f"{p.intensity:.6f}", "loudness_db": f"{p.loudness_db:.4f}",
            "duration": f"{p.duration:.6f}"}
