"""A frozen CLIP image encoder from any Hugging Face CLIP checkpoint folder on disk.

Embeddings are the projected image embeddings, L2-normalised, as the engine uses them.
"""
import hashlib
import os

import torch


def clip_fingerprint(visual_projection: torch.Tensor) -> str:
    """A short hash of the image projection weights: shards, checkpoints and bundles record it so
    that a U-Net is never exported with a CLIP other than the one its training pairs came from."""
    data = visual_projection.detach().float().contiguous().cpu().numpy().tobytes()
    return hashlib.sha256(data).hexdigest()[:16]


class FrozenClipImageEncoder:
    def __init__(self, folder: str, device: str = "cpu"):
        from transformers import CLIPModel
        from transformers.utils import logging

        try:  # transformers 5 without torchvision: the PIL processor, which is what it falls back to
            from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil as CLIPImageProcessor
        except ImportError:
            from transformers import CLIPImageProcessor
        logging.set_verbosity_error()
        logging.disable_progress_bar()
        # The whole CLIPModel, not CLIPVisionModelWithProjection: the latter reads its projection
        # width from vision_config.projection_dim, which save_pretrained folders of CLIPModel
        # need not carry (it then defaults to 512 and the projection would be re-initialised).
        try:
            model = CLIPModel.from_pretrained(folder, local_files_only=True)
            self.processor = CLIPImageProcessor.from_pretrained(folder, local_files_only=True)
        except (OSError, ValueError, RuntimeError) as e:
            raise SystemExit(f"{folder}: not a CLIP checkpoint folder transformers can load ({e}); "
                             "pass a CLIPModel folder written by save_pretrained, with its preprocessor_config.json") from e
        self.vision = model.vision_model.to(device).eval()
        self.projection = model.visual_projection.to(device).eval()
        self.dim = model.config.projection_dim
        self.device = device
        for p in list(self.vision.parameters()) + list(self.projection.parameters()):
            p.requires_grad_(False)
        self.info = {"folder": os.path.basename(os.path.abspath(folder)), "projection_dim": self.dim,
                     "fingerprint": clip_fingerprint(self.projection.weight)}

    @torch.no_grad()
    def encode(self, images) -> torch.Tensor:
        """images: list of PIL RGB images -> [n, D] L2-normalised embeddings."""
        pixels = self.processor(images=images, return_tensors="pt")["pixel_values"].to(self.device)
        emb = self.projection(self.vision(pixel_values=pixels).pooler_output)
        return torch.nn.functional.normalize(emb, dim=-1).cpu()
