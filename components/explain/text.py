"""Token attributions for the sentence encoder: which words make two sentences similar.

Integrated Gradients (captum's ``LayerIntegratedGradients``) on MiniLM's word-embedding layer,
toward the cosine similarity between the sentence's embedding and a fixed reference sentence's.
The baseline keeps [CLS] and [SEP] and puts [PAD] everywhere else, with the same attention mask:
only the words themselves are "removed", so the scores sum (up to captum's convergence delta)
to ``similarity − baseline_similarity``.

captum attaches forward hooks to the embedding layer while it runs; on a shared model those
hooks would rewrite the embeddings of every other session's forward pass at that moment (measured:
captum then fails outright). So the attribution runs on
:func:`components.shared_models.working_copy`. Measured by
``tests/benchmarks/bench_explain_attention.py`` (32 tokens, 32 steps, 1 thread): the copy takes
about 10 ms of a 530 ms call (2 %), while :func:`components.shared_models.exclusive` would have to
be taken by every plain forward pass of every page too, and would queue them behind IG.

Dynamically quantized int8 layers have no backward pass (gradients stop there), so IG on such a
variant would report noise with a huge delta: it is refused with a message instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from captum.attr import LayerIntegratedGradients

from components.errors import UserFacingError
from components.explain.attention import encode_sentence
from components.shared_models import working_copy
from models.minilm import SentenceEncoder

MIN_STEPS, MAX_STEPS = 4, 256  # fewer steps leave a large delta; more only cost time

# Every key this module raises a UserFacingError with (besides those of attention.py).
ERROR_KEYS = ("explain.error.empty_reference", "explain.error.not_differentiable")


@dataclass(frozen=True)
class TokenAttribution:
    """Signed Integrated Gradients score per token toward the similarity with a reference."""

    tokens: list[str]  # word pieces, [CLS] first and [SEP] last
    scores: np.ndarray  # (T,), signed; sums to similarity − baseline_similarity (± delta)
    similarity: float  # cosine between the sentence's and the reference's embeddings
    delta: float | None  # captum's convergence delta: sum(scores) − (similarity − baseline)
    seconds: float  # wall time of the whole call (copy, reference, attribution)
    baseline_similarity: float = 0.0  # the similarity of the [CLS] [PAD]… [SEP] baseline
    truncated: bool = False  # the sentence was cut to ``max_tokens``


def quantized_layers(model: torch.nn.Module) -> list[str]:
    """Names of int8 layers (``torch.ao.nn.quantized…``): kernels without a backward pass."""
    return [
        name
        for name, module in model.named_modules()
        if "quantized" in type(module).__module__.split(".")
    ]


def token_attributions(
    model: SentenceEncoder,
    sentence: str,
    reference: str,
    n_steps: int = 32,
    max_tokens: int = 64,
) -> TokenAttribution:
    """Integrated Gradients of ``cos(embed(sentence), embed(reference))`` per sentence token.

    The shared ``model`` is never hooked or changed: the work happens on a private copy (the
    tokenizer is shared by design).

    Raises:
        UserFacingError: ``explain.error.empty_text`` / ``explain.error.text_too_long`` for the
            sentence, ``explain.error.empty_reference`` for an empty reference,
            ``explain.error.not_differentiable`` for an int8-quantized variant.
    """
    if not MIN_STEPS <= n_steps <= MAX_STEPS:
        raise ValueError(f"n_steps={n_steps} is outside [{MIN_STEPS}, {MAX_STEPS}]")
    if quantized := quantized_layers(model):
        raise UserFacingError("explain.error.not_differentiable", layer=quantized[0])
    start = time.perf_counter()
    batch, n_original = encode_sentence(model, sentence, max_tokens)
    try:
        ref_batch, _ = encode_sentence(model, reference, max_tokens)
    except UserFacingError as err:
        if err.key == "explain.error.empty_text":
            raise UserFacingError("explain.error.empty_reference") from None
        raise

    ids, mask = batch["input_ids"], batch["attention_mask"]
    tokenizer = model.tokenizer
    special = torch.tensor([tokenizer.cls_token_id, tokenizer.sep_token_id], dtype=ids.dtype)
    baseline = torch.where(torch.isin(ids, special), ids, tokenizer.pad_token_id)

    private = working_copy(model).eval()
    with torch.no_grad():  # not inference_mode: the target takes part in autograd below
        target = private(ref_batch["input_ids"], ref_batch["attention_mask"])[0]  # unit length

    def similarity(input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # Both embeddings have unit length, so the dot product is the cosine; (B,) per step.
        return private(input_ids, attention_mask) @ target

    lig = LayerIntegratedGradients(similarity, private.encoder.embeddings.word_embeddings)
    attributions, delta = lig.attribute(
        ids,
        baselines=baseline,
        additional_forward_args=(mask,),
        n_steps=n_steps,
        internal_batch_size=n_steps,
        return_convergence_delta=True,
    )
    with torch.no_grad():
        both = similarity(torch.cat([ids, baseline]), torch.cat([mask, mask]))
    return TokenAttribution(
        tokens=tokenizer.convert_ids_to_tokens(ids[0].tolist()),
        scores=attributions[0].sum(dim=-1).detach().double().numpy(),
        similarity=float(both[0]),
        delta=float(delta[0]),
        seconds=time.perf_counter() - start,
        baseline_similarity=float(both[1]),
        truncated=n_original > max_tokens,
    )
