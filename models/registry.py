"""The model zoo: one :class:`ModelSpec` per model, and :func:`load_model` to build one.

Adding a model means adding one entry to :data:`REGISTRY` (see the README).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import torch
from torch import nn

from models.data import load_digits_split, load_sentence_pairs
from models.gpt import load_gpt, validation_ids
from models.lenet import LeNet
from models.minilm import PROFILE_TOKENS, load_minilm
from models.tiny_vit import TinyViT
from models.weights import ModelLoadError, load_weights

InputKind = Literal["image", "text", "multimodal", "tensor"]  # "tensor": a brought model's input
# "outputs": a brought model without labels; its variants are judged by fidelity to the original
# "text-generation": a causal language model (the code GPT); its pages show their LLM views.
Task = Literal["classification", "sentence-embedding", "text-generation", "outputs"]
WEIGHTS_DIR = Path(__file__).parent / "weights"


@dataclass(frozen=True)
class ModelSpec:
    """Everything the app needs to know about one model of the zoo."""

    name: str  # registry key, used in URLs
    title: str  # human title
    task: Task
    input_kind: InputKind
    build: Callable[
        [], nn.Module
    ]  # the architecture, randomly initialised (or pretrained, see below)
    load_data: Callable[[], Any]  # the evaluation data (DigitsSplit, SentencePairs …)
    example_input: Callable[[nn.Module, int], tuple[torch.Tensor, ...]]  # (model, batch) → args
    weights_file: str | None = None  # safetensors trained here; None: ``build`` loads packaged ones
    description: str = ""

    @property
    def retrain_command(self) -> str:
        return f"python -m models.train {self.name}"


def weights_dir() -> Path:
    """Where trained weights live; ``MODELLENS_WEIGHTS_DIR`` overrides it (tests, retrains)."""
    return Path(os.environ.get("MODELLENS_WEIGHTS_DIR", WEIGHTS_DIR))


def weights_path(spec: ModelSpec) -> Path | None:
    """The safetensors file of a trained model, or None for packaged weights."""
    return weights_dir() / spec.weights_file if spec.weights_file else None


def recorded_metrics(spec: ModelSpec) -> dict[str, Any] | None:
    """The metrics written next to the weights by ``python -m models.train`` (or None)."""
    path = weights_path(spec)
    meta = path.with_suffix(".json") if path else None
    if meta is None or not meta.is_file():
        return None
    return json.loads(meta.read_text(encoding="utf-8"))


def _digit_batch(_model: nn.Module, batch_size: int) -> tuple[torch.Tensor]:
    x = load_digits_split().x_test
    reps = -(-batch_size // len(x))  # ceil: batches larger than the test set repeat it
    return (x.repeat(reps, 1, 1, 1)[:batch_size].clone(),)


def _sentence_batch(model: nn.Module, batch_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    sentences = load_sentence_pairs().sentences
    rows = [sentences[i % len(sentences)] for i in range(batch_size)]
    batch = model.tokenize(rows, pad_to=PROFILE_TOKENS)
    return batch["input_ids"], batch["attention_mask"]


CODE_WINDOW = 64  # tokens per row of the code GPT's example batch


def _code_batch(_model: nn.Module, batch_size: int) -> tuple[torch.Tensor]:
    """Rows of ``CODE_WINDOW`` consecutive validation tokens (the stream repeats if needed)."""
    ids = validation_ids()
    rows = len(ids) // CODE_WINDOW
    windows = ids[: rows * CODE_WINDOW].view(rows, CODE_WINDOW)
    reps = -(-batch_size // rows)
    return (windows.repeat(reps, 1)[:batch_size].clone(),)


REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="lenet",
            title="LeNet CNN (digits)",
            task="classification",
            input_kind="image",
            build=LeNet,
            load_data=load_digits_split,
            example_input=_digit_batch,
            weights_file="lenet.safetensors",
            description="Classic two-conv CNN on 28×28 digits.",
        ),
        ModelSpec(
            name="tiny_vit",
            title="Tiny Vision Transformer (digits)",
            task="classification",
            input_kind="image",
            build=TinyViT,
            load_data=load_digits_split,
            example_input=_digit_batch,
            weights_file="tiny_vit.safetensors",
            description="4×4 patches, 4 encoder blocks with 4-head self-attention, class token.",
        ),
        ModelSpec(
            name="minilm",
            title="all-MiniLM-L6-v2 (sentences)",
            task="sentence-embedding",
            input_kind="text",
            build=load_minilm,
            load_data=load_sentence_pairs,
            example_input=_sentence_batch,
            description="Pretrained 6-layer, 12-head BERT sentence encoder (384-d embeddings).",
        ),
        ModelSpec(
            name="gpt",
            title="Code GPT (Python)",
            task="text-generation",
            input_kind="text",
            build=load_gpt,  # reads gpt.safetensors itself (the tied output matrix is stored once)
            load_data=validation_ids,
            example_input=_code_batch,
            description="Llama-style decoder (4 layers × 4 heads, width 160) trained here on "
            "Python's standard library.",
        ),
    )
}


def generative(spec: ModelSpec) -> bool:
    """Whether ``spec`` is a causal language model: its pages show their LLM views."""
    return spec.task == "text-generation"


def model_names() -> list[str]:
    """Registry keys in display order."""
    return list(REGISTRY)


def get_spec(name: str) -> ModelSpec:
    """The spec for ``name``; raises :class:`ModelLoadError` for an unknown name."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ModelLoadError(
            f"Unknown model '{name}'. Known models: {', '.join(REGISTRY)}."
        ) from None


def load_model(name: str) -> nn.Module:
    """Build the model and load its weights, in eval mode.

    Raises :class:`ModelLoadError` (or a subclass) with a message fit for the page when the
    name is unknown or the weights are missing, unreadable or of the wrong shapes.
    """
    spec = get_spec(name)
    model = spec.build()
    path = weights_path(spec)
    if path is not None:
        load_weights(model, path, retrain_hint=spec.retrain_command)
    return model.eval()
