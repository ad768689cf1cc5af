"""Attention analysis: what each head of ``tiny_vit`` and ``minilm`` looks at, and rollout.

Both models return their attention weights from ``forward_with_attention`` (eager attention)
and every function here runs on the shared cached model as it is, under ``torch.inference_mode``
and without a copy. TinyViT's blocks return the weights themselves. MiniLM is different:
transformers 5 collects ``output_attentions`` through forward hooks that it installs on the
model the first time they are asked for and then leaves there (12 on MiniLM, inert unless a
call asks for attention). :func:`captured_attention` takes the model's lock for the call and
removes exactly the hooks the call added, so the shared model ends as clean as it started.

Attention is not an explanation by itself (Jain & Wallace 2019): the page shows it next to
gradient attributions (:mod:`components.explain.text`), and :func:`attention_token_scores`
gives the per-token numbers to compare with.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from components.errors import UserFacingError
from components.shared_models import exclusive
from models.minilm import MAX_TOKENS, SentenceEncoder
from models.tiny_vit import TinyViT

HeadFusion = Literal["mean", "max", "min"]
MAX_TEXT_CHARS = 10_000  # beyond this the input is refused, not truncated (a paste accident)
MIN_TEXT_TOKENS = 8  # [CLS] + [SEP] + a few word pieces: the smallest ``max_tokens`` that reads
SPECIAL_TOKENS = ("[CLS]", "[SEP]", "[PAD]")  # BERT's own markers, not words of the input
HEAD_VIEW_COLUMNS = ("source", "target", "weight", "source_token", "target_token")

# Every key this module raises a UserFacingError with (the i18n test checks they exist).
ERROR_KEYS = ("explain.error.empty_text", "explain.error.text_too_long")


# --- Vision Transformer --------------------------------------------------------------------


@dataclass(frozen=True)
class ViTAttention:
    """Every attention map of ``tiny_vit`` for one image.

    Token 0 is the class token; tokens 1… are the patches, row-major over ``grid × grid``.
    """

    maps: np.ndarray  # (layers, heads, T, T), T = 1 + grid², rows sum to 1
    cls_to_patches: np.ndarray  # (layers, heads, grid, grid): the class token's row over patches
    grid: int
    logits: np.ndarray  # (classes,)

    @property
    def layers(self) -> int:
        return self.maps.shape[0]

    @property
    def heads(self) -> int:
        return self.maps.shape[1]

    def cls_map(self, layer: int, head: int | None = None) -> np.ndarray:
        """The class token's attention over the patches, (grid, grid): one head, or the mean."""
        _check_index("layer", layer, self.layers)
        if head is None:
            return self.cls_to_patches[layer].mean(axis=0)
        _check_index("head", head, self.heads)
        return self.cls_to_patches[layer, head]


def vit_attention(model: TinyViT, x: torch.Tensor) -> ViTAttention:
    """Logits and all attention maps of ``model`` for one image.

    Args:
        model: a ``TinyViT`` (or a pruned/quantized copy that keeps ``forward_with_attention``).
        x: one normalised image, (1, 28, 28) or (1, 1, 28, 28).
    """
    if x.dim() == 3:
        x = x.unsqueeze(0)
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one image of shape (1, C, H, W), got {tuple(x.shape)}")
    with torch.inference_mode():
        logits, maps = model.forward_with_attention(x)
    stacked = torch.stack([m[0] for m in maps]).float().numpy()  # (layers, heads, T, T)
    tokens = stacked.shape[-1]
    grid = math.isqrt(tokens - 1)
    if grid * grid != tokens - 1:
        raise ValueError(f"{tokens} tokens are not a class token plus a square grid of patches")
    cls_to_patches = stacked[:, :, 0, 1:].reshape(*stacked.shape[:2], grid, grid)
    return ViTAttention(
        maps=stacked, cls_to_patches=cls_to_patches, grid=grid, logits=logits[0].float().numpy()
    )


# --- Rollout (Abnar & Zuidema 2020) --------------------------------------------------------


def fuse_heads(layer_maps: np.ndarray, head_fusion: HeadFusion = "mean") -> np.ndarray:
    """One layer's (heads, T, T) maps fused into one (T, T) map."""
    if head_fusion == "mean":
        return layer_maps.mean(axis=0)
    if head_fusion == "max":
        return layer_maps.max(axis=0)
    if head_fusion == "min":
        return layer_maps.min(axis=0)
    raise ValueError(f"head_fusion must be 'mean', 'max' or 'min', got {head_fusion!r}")


def rollout_layer(
    layer_maps: np.ndarray, head_fusion: HeadFusion = "mean", add_residual: bool = True
) -> np.ndarray:
    """One layer's step of the rollout: fused heads, residual mixed in, rows renormalised.

    The residual term 0.5·I stands for the skip connection around attention, which carries
    half of each token's own representation forward; max/min fusion leaves rows that no longer
    sum to 1, hence the renormalisation.
    """
    fused = fuse_heads(np.asarray(layer_maps, dtype=np.float64), head_fusion)
    if add_residual:
        fused = 0.5 * fused + 0.5 * np.eye(fused.shape[-1])
    return fused / fused.sum(axis=-1, keepdims=True).clip(min=1e-12)


def attention_rollout(
    maps: np.ndarray,
    upto_layer: int | None = None,
    head_fusion: HeadFusion = "mean",
    add_residual: bool = True,
) -> np.ndarray:
    """Attention rolled out from the input up to ``upto_layer`` (inclusive), (T, T).

    Row i says how much token i's representation after that layer draws on each input token:
    ``R = Â_upto · … · Â_1 · Â_0`` with ``Â`` from :func:`rollout_layer`.

    Args:
        maps: (layers, heads, T, T) attention of one input.
        upto_layer: last layer to include, 0-based; None: all layers.
    """
    maps = np.asarray(maps)
    if maps.ndim != 4 or maps.shape[-1] != maps.shape[-2]:
        raise ValueError(f"expected maps of shape (layers, heads, T, T), got {maps.shape}")
    layers = maps.shape[0]
    last = layers - 1 if upto_layer is None else upto_layer
    _check_index("upto_layer", last, layers)
    rollout = np.eye(maps.shape[-1])
    for layer in range(last + 1):
        rollout = rollout_layer(maps[layer], head_fusion, add_residual) @ rollout
    return rollout


def rollout_cls_map(rollout: np.ndarray, grid: int) -> np.ndarray:
    """The class token's row of a rollout over the patches, as a (grid, grid) map.

    Values are not renormalised: the share the class token keeps for itself is left out, so
    the map sums to less than 1 (the page scales the colours).
    """
    if rollout.shape != (grid * grid + 1, grid * grid + 1):
        raise ValueError(f"a {grid}×{grid} grid needs a rollout of {grid * grid + 1} tokens")
    return rollout[0, 1:].reshape(grid, grid)


def upsample_patch_map(
    patch_map: np.ndarray, size: int = 28, mode: Literal["nearest", "bilinear"] = "nearest"
) -> np.ndarray:
    """A (grid, grid) patch map stretched to (size, size) to draw over the digit.

    ``nearest`` keeps the patches as sharp blocks (honest: attention is per patch);
    ``bilinear`` is smoother but suggests detail the model does not have.
    """
    if mode not in ("nearest", "bilinear"):
        raise ValueError(f"mode must be 'nearest' or 'bilinear', got {mode!r}")
    t = torch.as_tensor(np.asarray(patch_map, dtype=np.float32))[None, None]
    kwargs = {"align_corners": False} if mode == "bilinear" else {}
    return F.interpolate(t, size=(size, size), mode=mode, **kwargs)[0, 0].numpy()


# --- Text encoder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TextAttention:
    """Every attention map of ``minilm`` for one sentence."""

    tokens: list[str]  # word pieces, [CLS] first and [SEP] last
    maps: np.ndarray  # (layers=6, heads=12, T, T), rows sum to 1
    truncated: bool  # the input was longer than ``max_tokens`` and was cut
    n_tokens_original: int  # word pieces of the whole input, [CLS]/[SEP] included
    max_tokens: int
    unknown_tokens: int  # how many of ``tokens`` are [UNK] (the page warns)

    @property
    def layers(self) -> int:
        return self.maps.shape[0]

    @property
    def heads(self) -> int:
        return self.maps.shape[1]


def check_sentence(sentence: str) -> None:
    """Refuse text the encoder cannot explain: absurdly long, or nothing but whitespace."""
    if len(sentence) > MAX_TEXT_CHARS:
        raise UserFacingError("explain.error.text_too_long", max_chars=MAX_TEXT_CHARS)
    if not sentence.strip():
        raise UserFacingError("explain.error.empty_text")


def check_max_tokens(max_tokens: int) -> None:
    if not MIN_TEXT_TOKENS <= max_tokens <= MAX_TOKENS:
        raise ValueError(f"max_tokens={max_tokens} is outside [{MIN_TEXT_TOKENS}, {MAX_TOKENS}]")


def count_tokens(model: SentenceEncoder, sentence: str) -> int:
    """Word pieces of the whole sentence plus [CLS] and [SEP].

    ``tokenizer.tokenize`` rather than a full encode: no length warning for long inputs.
    """
    return len(model.tokenizer.tokenize(sentence)) + 2


def encode_sentence(
    model: SentenceEncoder, sentence: str, max_tokens: int
) -> tuple[dict[str, torch.Tensor], int]:
    """Validated, truncated token ids and mask of one sentence, and its untruncated length."""
    check_max_tokens(max_tokens)
    check_sentence(sentence)
    n_original = count_tokens(model, sentence)
    if n_original <= 2:  # e.g. only zero-width or control characters: nothing to explain
        raise UserFacingError("explain.error.empty_text")
    return model.tokenize([sentence], max_length=max_tokens), n_original


def text_attention(model: SentenceEncoder, sentence: str, max_tokens: int = 64) -> TextAttention:
    """All 6 × 12 attention maps of ``minilm`` for one sentence.

    Runs on the shared model itself, without a copy: the weights are only read, and the
    capture hooks that transformers adds are removed again (see :func:`captured_attention`).

    Raises:
        UserFacingError: ``explain.error.empty_text`` or ``explain.error.text_too_long``.
    """
    batch, n_original = encode_sentence(model, sentence, max_tokens)
    ids = batch["input_ids"]
    with captured_attention(model), torch.inference_mode():
        _, maps = model.forward_with_attention(ids, batch["attention_mask"])
    unk = model.tokenizer.unk_token_id
    return TextAttention(
        tokens=model.tokenizer.convert_ids_to_tokens(ids[0].tolist()),
        maps=torch.stack([m[0] for m in maps]).float().numpy(),
        truncated=n_original > max_tokens,
        n_tokens_original=n_original,
        max_tokens=max_tokens,
        unknown_tokens=int((ids[0] == unk).sum()) if unk is not None else 0,
    )


@contextmanager
def captured_attention(model: torch.nn.Module) -> Iterator[torch.nn.Module]:
    """Hold ``model``'s lock and remove every forward hook added inside the block.

    For transformers 5's output-capturing hooks (see the module docstring). Hooks that were
    there before are kept; the flag that tells transformers its hooks are installed is restored,
    so the next call installs them again. While the lock is held, plain forward passes from other
    threads stay correct: the hooks record only for a call that asked for attention.
    """
    with exclusive(model):
        modules = list(model.modules())
        before = [set(m._forward_hooks) for m in modules]
        flags = {
            id(m): m.__dict__["_output_capturing_hooks_installed"]
            for m in modules
            if "_output_capturing_hooks_installed" in m.__dict__
        }
        try:
            yield model
        finally:
            for module, kept in zip(modules, before, strict=True):
                for hook_id in set(module._forward_hooks) - kept:
                    del module._forward_hooks[hook_id]
                    module._forward_hooks_with_kwargs.pop(hook_id, None)
                    module._forward_hooks_always_called.pop(hook_id, None)
                if "_output_capturing_hooks_installed" in module.__dict__:
                    if id(module) in flags:
                        module._output_capturing_hooks_installed = flags[id(module)]
                    else:
                        del module.__dict__["_output_capturing_hooks_installed"]


def head_view_lines(
    att: TextAttention, layer: int, head: int, threshold: float = 0.05
) -> pd.DataFrame:
    """Edges of a BertViz-style head view: one row per (source → target) weight ≥ threshold.

    Columns ``source``/``target`` are token positions (drawn left → right), ``weight`` the
    attention of source (query) on target (key), plus both tokens' text for hover labels.
    """
    _check_index("layer", layer, att.layers)
    _check_index("head", head, att.heads)
    weights = att.maps[layer, head]
    source, target = np.nonzero(weights >= threshold)
    return pd.DataFrame(
        {
            "source": source,
            "target": target,
            "weight": weights[source, target].astype(float),
            "source_token": [att.tokens[i] for i in source],
            "target_token": [att.tokens[j] for j in target],
        },
        columns=list(HEAD_VIEW_COLUMNS),
    )


def attention_token_scores(
    att: TextAttention,
    layer: int | None = None,
    query: Literal["cls", "all"] = "cls",
    words_only: bool = False,
) -> np.ndarray:
    """Attention each token receives, (T,), to set beside gradient attributions per token.

    Args:
        layer: one layer's head-averaged attention; None: the rollout over all layers.
        query: ``"cls"`` reads the [CLS] row (the BERT convention); ``"all"`` averages every
            row, closer to how MiniLM pools (the mean of all tokens, not [CLS]).
        words_only: zero [CLS]/[SEP] and rescale the words to sum to 1. [CLS] soaks up most
            attention (measured: 0.7 of the rollout's [CLS] row for a 12-token sentence), which
            flattens the words' bars; Integrated Gradients gives the special tokens 0 anyway,
            because its baseline keeps them.
    """
    if layer is None:
        fused = attention_rollout(att.maps)
    else:
        _check_index("layer", layer, att.layers)
        fused = att.maps[layer].astype(np.float64).mean(axis=0)
    if query == "cls":
        scores = fused[0]
    elif query == "all":
        scores = fused.mean(axis=0)
    else:
        raise ValueError(f"query must be 'cls' or 'all', got {query!r}")
    if words_only:
        special = np.isin(att.tokens, SPECIAL_TOKENS)
        scores = np.where(special, 0.0, scores)
        scores = scores / max(scores.sum(), 1e-12)
    return scores


def _check_index(name: str, value: int, size: int) -> None:
    if not 0 <= value < size:
        raise ValueError(f"{name}={value} is outside [0, {size - 1}]")
