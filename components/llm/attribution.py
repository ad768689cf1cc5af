"""Which prompt tokens a generated continuation depends on (captum), and the logit lens.

``attribute_prompt`` wraps captum's own LLM attribution classes, unchanged:

* ``feature_ablation`` — ``LLMAttribution(FeatureAblation(model), tokenizer)``: each prompt token
  in turn is replaced by ``<|endoftext|>`` (id 0, the baseline) and the change in the
  log-probability of the target continuation is its attribution (``forward_in_tokens=False``:
  one forward pass over prompt + target per ablation, instead of one per target token).
* ``integrated_gradients`` — ``LLMGradientAttribution(LayerIntegratedGradients(model,
  embed_tokens), tokenizer)``: gradients along the path from the baseline's embedding to each
  token's embedding, summed over the embedding dimensions.

captum's hooks live only for the call, and gradients go through ``torch.autograd.grad``: the
shared model keeps no hooks and no ``.grad``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from components.llm.generation import GenerationSettings, generate_ids
from models.minilm import no_new_hooks

BASELINE_TOKEN = 0  # <|endoftext|>: what an ablated prompt token becomes


def _feature_ablation(model: nn.Module, tokenizer):
    from captum.attr import FeatureAblation, LLMAttribution

    return LLMAttribution(FeatureAblation(model), tokenizer)


def _integrated_gradients(model: nn.Module, tokenizer):
    from captum.attr import LayerIntegratedGradients, LLMGradientAttribution

    return LLMGradientAttribution(
        LayerIntegratedGradients(model, model.model.embed_tokens), tokenizer
    )


METHODS: dict[str, Callable] = {
    "feature_ablation": _feature_ablation,
    "integrated_gradients": _integrated_gradients,
}


@dataclass(frozen=True)
class PromptAttribution:
    """How much each prompt token contributed to each generated token."""

    method: str
    input_tokens: list[str]  # each prompt token decoded on its own ("def", " parse", …)
    output_tokens: list[str]
    seq_attr: torch.Tensor  # (n_input,): to the log-probability of the whole continuation
    token_attr: torch.Tensor  # (n_output, n_input): to each generated token's log-probability


def attribute_prompt(
    model: nn.Module,
    tokenizer,
    prompt: str,
    target: str | None = None,
    method: str = "feature_ablation",
    max_new_tokens: int = 8,
) -> PromptAttribution:
    """Attribute ``target`` (default: the model's greedy continuation of ``max_new_tokens``
    tokens) to the tokens of ``prompt``."""
    from captum.attr import TextTokenInput

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; one of {sorted(METHODS)}")
    if target is None:
        prompt_ids = torch.tensor([tokenizer.encode(prompt, add_special_tokens=False)])
        settings = GenerationSettings(max_new_tokens=max_new_tokens, stop_at_end=False)
        target_ids = generate_ids(model, prompt_ids, settings)[0, prompt_ids.shape[1] :]
    else:
        target_ids = torch.tensor(tokenizer.encode(target, add_special_tokens=False))
    attributor = METHODS[method](model, tokenizer)
    inp = TextTokenInput(prompt, tokenizer, baselines=BASELINE_TOKEN)
    extra = {"forward_in_tokens": False} if method == "feature_ablation" else {}
    with warnings.catch_warnings():
        # captum's readable names for output tokens warn on byte-level merges; names are ours.
        warnings.filterwarnings(
            "ignore", category=UserWarning, module=r"captum\.attr\._core\.llm_attr"
        )
        result = attributor.attribute(inp, target=target_ids, **extra)
    return PromptAttribution(
        method,
        [tokenizer.decode([i]) for i in inp.itp_tensor[0].tolist()],
        [tokenizer.decode([i]) for i in target_ids.tolist()],
        result.seq_attr.detach().cpu(),
        result.token_attr.detach().cpu(),
    )


@dataclass(frozen=True)
class LogitLens:
    """The next-token guess each layer would make if it were the last (nostalgebraist's lens)."""

    tokens: list[str]  # the prompt, one string per token
    layers: list[str]  # "embedding", "layer 1", …, the last being the model's own output
    top_tokens: list[list[str]]  # [layer][position]: the likeliest next token
    top_probs: torch.Tensor  # (layers, positions): its probability


@torch.inference_mode()
def logit_lens(model: nn.Module, tokenizer, prompt: str) -> LogitLens:
    """Apply the final norm and the output head to the residual stream after every layer."""
    ids = torch.tensor([tokenizer.encode(prompt, add_special_tokens=False)])
    with no_new_hooks(model):  # transformers leaves hooks behind once hidden states are asked for
        out = model(input_ids=ids, output_hidden_states=True)
    states = out.hidden_states  # embedding output, then each layer's (the last already normed)
    logits = [model.lm_head(model.model.norm(h)) for h in states[:-1]] + [out.logits]
    probs = torch.stack([lg[0].softmax(-1) for lg in logits])  # (layers, positions, vocab)
    top_probs, top_ids = probs.max(-1)
    n = len(states) - 1
    return LogitLens(
        tokens=[tokenizer.decode([i]) for i in ids[0].tolist()],
        layers=["embedding"] + [f"layer {i}" for i in range(1, n + 1)],
        top_tokens=[[tokenizer.decode([i]) for i in row.tolist()] for row in top_ids],
        top_probs=top_probs,
    )
