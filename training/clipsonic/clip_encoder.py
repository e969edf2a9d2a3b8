"""A frozen CLIP image encoder from any Hugging Face CLIP checkpoint folder on disk.

Embeddings are the projected image embeddings, L2-normalised, as the engine uses them.
"""
import torch


class FrozenClipImageEncoder:
    def __init__(self, folder: str, device: str = "cpu"):
        from transformers import CLIPImageProcessor, CLIPVisionModelWithProjection

        try:
            self.model = CLIPVisionModelWithProjection.from_pretrained(folder, local_files_only=True).to(device).eval()
            self.processor = CLIPImageProcessor.from_pretrained(folder, local_files_only=True)
        except (OSError, ValueError) as e:
            raise SystemExit(f"{folder}: not a CLIP checkpoint folder transformers can load ({e}); "
                             "pass a folder written by save_pretrained") from e
        self.device = device
        for p in self.model.parameters():
            p.requires_grad_(False)

    @property
    def dim(self) -> int:
        return self.model.config.projection_dim

    @torch.no_grad()
    def encode(self, images) -> torch.Tensor:
        """images: list of PIL RGB images -> [n, D] L2-normalised embeddings."""
        pixels = self.processor(images=images, return_tensors="pt")["pixel_values"].to(self.device)
        emb = self.model(pixel_values=pixels).image_embeds
        return torch.nn.functional.normalize(emb, dim=-1).cpu()
