"""Which prompt tokens a generated continuation depends on (captum), and the logit lens.

``attribute_prompt`` wraps captum's own LLM attribution classes, unchanged:

* ``feature_ablation`` — ``LLMAttribution(FeatureAblation(model), tokenizer)``: each prompt token
  in turn is replaced by ``<|endoftext|>`` (id 0, the baseline) and the change in the
  log-probability of the target continuation is its attribution (``forward_in_tokens=False``:
  one forward pass over prompt + target per ablation, instead of one per target token).
* ``shapley_sampling`` — ``LLMAttribution(ShapleyValueSampling(model), tokenizer)``: each prompt
  token's mean change of the continuation's log-probability when it is added to random subsets
  of the others (:data:`SHAPLEY_SAMPLES` random orders, seeded): ablation that sees interactions,
  at about ``SHAPLEY_SAMPLES`` times its cost.
* ``integrated_gradients`` — ``LLMGradientAttribution(LayerIntegratedGradients(model,
  embed_tokens), tokenizer)``: gradients along the path from the baseline's embedding to each
  token's embedding, summed over the embedding dimensions.

captum's hooks live only for the call, and gradients go through ``torch.autograd.grad``: the
shared model keeps no hooks and no ``.grad``.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

import torch
from torch import nn

from components.llm.attention import clean_copy
from components.llm.generation import GenerationSettings, generate_ids
from components.progress import ProgressFn
from components.runtime import seeded_global_rng

BASELINE_TOKEN = 0  # <|endoftext|>: what an ablated prompt token becomes
# Random token orders of Shapley value sampling: (prompt tokens + 1) forward passes each. With 8,
# an 8–20-token prompt took 3–4 s here (1 thread, loaded machine), and its ranking of the prompt
# tokens agreed with 32 orders' at a rank correlation of 0.86–0.99 (three prompts).
SHAPLEY_SAMPLES = 8
SHAPLEY_SEED = 0


def _feature_ablation(model: nn.Module, tokenizer):
    from captum.attr import FeatureAblation, LLMAttribution

    return LLMAttribution(FeatureAblation(model), tokenizer)


def _shapley_sampling(model: nn.Module, tokenizer):
    from captum.attr import LLMAttribution, ShapleyValueSampling

    return LLMAttribution(ShapleyValueSampling(model), tokenizer)


def _integrated_gradients(model: nn.Module, tokenizer):
    from captum.attr import LayerIntegratedGradients, LLMGradientAttribution

    return LLMGradientAttribution(
        LayerIntegratedGradients(model, model.model.embed_tokens), tokenizer
    )


METHODS: dict[str, Callable] = {
    "feature_ablation": _feature_ablation,
    "integrated_gradients": _integrated_gradients,
    "shapley_sampling": _shapley_sampling,
}
# Methods that perturb the prompt (forward passes only): they run on any model, quantized too.
PERTURBATION_METHODS = frozenset({"feature_ablation", "shapley_sampling"})


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
    progress: ProgressFn | None = None,
) -> PromptAttribution:
    """Attribute ``target`` (default: the model's greedy continuation of ``max_new_tokens``
    tokens) to the tokens of ``prompt``.

    ``progress`` (optional) hears of every forward pass against :func:`expected_passes`; the
    attribution then runs on a copy of ``model`` carrying the counting hook (same numbers).
    """
    from captum.attr import TextTokenInput

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; one of {sorted(METHODS)}")
    if target is None:
        prompt_ids = torch.tensor([tokenizer.encode(prompt, add_special_tokens=False)])
        settings = GenerationSettings(max_new_tokens=max_new_tokens, stop_at_end=False)
        target_ids = generate_ids(model, prompt_ids, settings)[0, prompt_ids.shape[1] :]
    else:
        target_ids = torch.tensor(tokenizer.encode(target, add_special_tokens=False))
    inp = TextTokenInput(prompt, tokenizer, baselines=BASELINE_TOKEN)
    if progress is not None:
        total = expected_passes(method, inp.itp_tensor.shape[1], len(target_ids))
        model = _counting_copy(model, total, progress)
    attributor = METHODS[method](model, tokenizer)
    extra: dict = {"forward_in_tokens": False} if method in PERTURBATION_METHODS else {}
    if method == "shapley_sampling":
        extra["n_samples"] = SHAPLEY_SAMPLES
    # Shapley sampling draws its token orders from torch's global generator: seed it, alone.
    seeded = seeded_global_rng(SHAPLEY_SEED) if "n_samples" in extra else nullcontext()
    with warnings.catch_warnings(), seeded:
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


def expected_passes(method: str, prompt_tokens: int, target_tokens: int) -> int:
    """Forward passes captum makes (as counted on the model): ablation one per prompt token
    plus the unablated one; Shapley sampling that for each of its random orders; integrated
    gradients three per target token (its batched steps among them), as counted here."""
    if method == "feature_ablation":
        return prompt_tokens + 1
    if method == "shapley_sampling":
        return SHAPLEY_SAMPLES * prompt_tokens + 1
    return 3 * target_tokens


def _counting_copy(model: nn.Module, total: int, progress: ProgressFn) -> nn.Module:
    """A deep copy of ``model`` that reports each forward pass (the shared model gets no hook)."""
    counted = copy.deepcopy(model)
    done = [0]

    def count(_module: nn.Module, _args: tuple) -> None:
        done[0] += 1
        progress(min(done[0] / max(total, 1), 1.0), f"forward pass {done[0]}/{total}")

    # captum calls ``model.forward`` itself, past the top module's hooks: count the decoder's.
    getattr(counted, "model", counted).register_forward_pre_hook(count)
    return counted


@dataclass(frozen=True)
class LogitLens:
    """The next-token guess each layer would make if it were the last (nostalgebraist's lens)."""

    tokens: list[str]  # the prompt, one string per token
    layers: list[str]  # "embedding", "layer 1", …, the last being the model's own output
    top_tokens: list[list[str]]  # [layer][position]: the likeliest next token
    top_probs: torch.Tensor  # (layers, positions): its probability


@torch.inference_mode()
def logit_lens(model: nn.Module, tokenizer, prompt: str) -> LogitLens:
    """Apply the final norm and the output head to the residual stream after every layer.

    Runs on a :func:`~components.llm.attention.clean_copy`: on the shared model itself, a second
    call read wrong hidden states (transformers' capturing hooks, removed after the first call,
    were marked as still installed), so every row repeated the output layer's guesses.
    """
    ids = torch.tensor([tokenizer.encode(prompt, add_special_tokens=False)])
    model = clean_copy(model)  # transformers leaves hooks behind once hidden states are asked for
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
