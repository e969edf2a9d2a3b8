"""dalle2-pytorch 1.1.0's DiffusionPriorNetwork with a learned null text condition, so that
classifier-free guidance in the prior does something.

In 1.1.0 the network builds a condition mask from `cond_drop_prob` but never hands it to the
transformer: a "dropped" sample still sees its text embedding token and its text encodings, so
training with condition dropout teaches nothing unconditional and `forward_with_cond_scale`
returns the conditional prediction for any scale. Later releases (DiffusionPriorNetwork with
`null_text_encodings` and `null_text_embeds`) replace the condition itself. This network does the
same for the text:
- when a sample's condition is dropped, every text-encoding position takes the learned per-position
  null row (1.1.0's `null_text_embed`, the same rows that pad short captions), and the text
  embedding token(s) take a new learned `null_text_embeds` [1, num_text_embeds, dim];
- when it is kept, the math is 1.1.0's, bit for bit.
The noised image embedding is never dropped (later releases can drop it too; the prior here keeps
x_t in both branches, so guidance only contrasts with and without the text).

A bundle records this with `net.learned_null_condition: true` in its prior config; the Swift prior
(Sources/Models/Prior) implements both this and plain 1.1.0.
"""
import torch
import torch.nn.functional as F
from torch import nn

# The key in the prior config's `net` object, in train_prior.py, the converter and bundle.json.
CONFIG_KEY = "learned_null_condition"


def network_class(d2):
    """The subclass of the loaded dalle2-pytorch module's DiffusionPriorNetwork (d2: load_dalle2())."""

    class PriorNetworkWithNullCondition(d2.DiffusionPriorNetwork):
        def __init__(self, dim, num_text_embeds=1, **kwargs):
            super().__init__(dim, num_text_embeds=num_text_embeds, **kwargs)
            self.null_text_embeds = nn.Parameter(torch.randn(1, num_text_embeds, dim))

        def forward(self, image_embed, diffusion_timesteps, *, text_embed, text_encodings=None, cond_drop_prob=0.):
            batch, dim, device, dtype = *image_embed.shape, image_embed.device, image_embed.dtype
            text_embed = self.to_text_embeds(text_embed)      # [B, num_text_embeds, dim]
            image_embed = self.to_image_embeds(image_embed)   # [B, num_image_embeds, dim]
            if text_encodings is None:
                text_encodings = torch.empty((batch, 0, dim), device=device, dtype=dtype)
            mask = torch.any(text_encodings != 0., dim=-1)
            text_encodings = text_encodings[:, :self.max_text_len]
            mask = mask[:, :self.max_text_len]
            remainder = self.max_text_len - text_encodings.shape[-2]
            if remainder > 0:
                text_encodings = F.pad(text_encodings, (0, 0, 0, remainder), value=0.)
                mask = F.pad(mask, (0, remainder), value=False)
            keep = d2.prob_mask_like((batch,), 1 - cond_drop_prob, device=device)   # [B]
            text_encodings = torch.where((mask & keep[:, None])[..., None], text_encodings,
                                         self.null_text_embed.to(text_encodings.dtype))
            text_embed = torch.where(keep[:, None, None], text_embed, self.null_text_embeds.to(text_embed.dtype))
            time_embed = self.to_time_embeds(diffusion_timesteps)
            learned_queries = self.learned_query.expand(batch, 1, -1)
            tokens = torch.cat((text_encodings, text_embed, time_embed, image_embed, learned_queries), dim=-2)
            return self.causal_transformer(tokens)[..., -1, :]

    return PriorNetworkWithNullCondition


def build_network(d2, net_cfg: dict):
    """A DiffusionPriorNetwork from a config `net` object: 1.1.0's, or with the learned null
    condition when `learned_null_condition` is true. Keys the network does not take are left out."""
    keys = ("dim", "depth", "num_timesteps", "num_time_embeds", "num_image_embeds", "num_text_embeds",
            "max_text_len", "dim_head", "heads", "ff_mult", "norm_in", "norm_out", "attn_dropout",
            "ff_dropout", "final_proj", "normformer", "rotary_emb")
    cls = network_class(d2) if net_cfg.get(CONFIG_KEY) else d2.DiffusionPriorNetwork
    return cls(**{k: v for k, v in net_cfg.items() if k in keys})
