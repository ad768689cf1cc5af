"""Decoder attention of the code GPT per layer and head, read from an eager copy of the model.

The shared model runs PyTorch's fused ``sdpa`` attention, which never materialises the weights
(``output_attentions=True`` returns nothing with it). :func:`eager_copy` deep-copies the model
and switches the copy to transformers' ``eager`` implementation; the shared model is untouched.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.minilm import HOOKS_MARK


@dataclass(frozen=True)
class DecoderAttention:
    """Attention weights over a token sequence: ``maps[layer, head, query, key]``."""

    tokens: list[str]  # each token decoded on its own
    n_prompt: int  # the first n_prompt tokens are the prompt, the rest were generated
    maps: np.ndarray  # (layers, heads, T, T), rows sum to 1, zero above the diagonal (causal)

    @property
    def layers(self) -> int:
        return self.maps.shape[0]

    @property
    def heads(self) -> int:
        return self.maps.shape[1]

    def matrix(self, layer: int, head: int | None = None) -> np.ndarray:
        """One head's (T, T) map, or the mean over heads (``head=None``)."""
        maps = self.maps[layer]
        return maps.mean(0) if head is None else maps[head]


# transformers 5 collects hidden states and attentions through forward hooks that it installs
# on a model's first such call, marking the model (HOOKS_MARK) so that it never installs them
# twice. A copy that kept the mark without the hooks would return wrong hidden states and no
# attentions: a clean copy drops both (``models.minilm.no_new_hooks`` does so on the shared one).


def clean_copy(model: nn.Module) -> nn.Module:
    """A deep copy of ``model`` without forward hooks nor transformers' "hooks installed" mark,
    so that asking it for hidden states or attentions works (``model`` is unchanged)."""
    copied = copy.deepcopy(model).eval()
    for module in copied.modules():
        module.__dict__.pop(HOOKS_MARK, None)
        module._forward_hooks.clear()
        module._forward_hooks_with_kwargs.clear()
        module._forward_hooks_always_called.clear()
    return copied


def eager_copy(model: nn.Module) -> nn.Module:
    """A :func:`clean_copy` of ``model`` whose attention returns its weights (the fused
    ``sdpa`` attention never forms them)."""
    copied = clean_copy(model)
    copied.set_attn_implementation("eager")
    return copied


@torch.inference_mode()
def decoder_attention(
    model: nn.Module, tokenizer, ids: torch.Tensor, n_prompt: int
) -> DecoderAttention:
    """Every layer's and head's attention over ``ids`` (shape (1, T) or (T,)), computed on an
    eager copy of ``model``."""
    if ids.ndim == 1:
        ids = ids[None]
    if not 0 <= n_prompt <= ids.shape[1]:
        raise ValueError(f"n_prompt = {n_prompt} outside [0, {ids.shape[1]}]")
    out = eager_copy(model)(input_ids=ids, output_attentions=True)
    maps = torch.stack([a[0] for a in out.attentions]).float().numpy()
    return DecoderAttention([tokenizer.decode([i]) for i in ids[0].tolist()], n_prompt, maps)
