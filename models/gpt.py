"""A small code GPT trained here on Python standard-library source, and its distilled student.

Both are Hugging Face ``LlamaForCausalLM`` models built from configs in code (never the hub), so
``generate`` with or without the KV cache, ``assistant_model=`` speculative decoding and captum's
``LLMAttribution`` work unchanged. Llama rather than GPT-2 because its projections are
``nn.Linear`` (GPT-2's are ``Conv1D``), which is what torchao's weight-only quantization, torch.ao's
dynamic int8 and torch-pruning act on.

The tokenizer is a byte-level BPE of 2,048 tokens trained with ``tokenizers`` on the training
split and shipped as ``models/weights/gpt_tokenizer.json``; any text round-trips through it.
``python -m models.train gpt`` retrains tokenizer, teacher and student.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn

from models.gpt_corpus import TRAIN_MODULES, load_documents
from models.rng import GLOBAL_RNG_LOCK
from models.weights import ModelLoadError, WeightsMissingError, check_state_dict

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")

TEACHER = "gpt"
STUDENT = "gpt_student"
TOKENIZER_FILE = "gpt_tokenizer.json"
END_OF_TEXT = "<|endoftext|>"  # id 0: separates modules in training, ends generation
VOCAB_SIZE = 2048
RETRAIN_HINT = "python -m models.train gpt"
# Validation perplexity is measured on the first this-many validation tokens (of ≈38.5 k), in
# non-overlapping windows of CONTEXT tokens: bounded so that one variant takes a second or two on
# one thread (fp32 ≈0.5 s; torchao's eager int8 weight-only ≈3× slower).
EVAL_TOKENS = 8_192
CONTEXT = 256  # tokens per training / evaluation window


@dataclass(frozen=True)
class GPTConfig:
    """Shape of one model (a ``LlamaConfig`` is built from it)."""

    layers: int = 4
    heads: int = 4
    width: int = 160  # ≈1.6 M parameters at 4 layers; 1,000 steps take ≈15–30 min on 1 thread
    ffn: int = 432  # SwiGLU hidden size ≈ 8/3 × width, as Llama sizes it
    max_positions: int = 512  # RoPE has no learned positions; this bounds prompt + generation


TEACHER_CONFIG = GPTConfig()
# Half the layers, same width and tokenizer: the draft model for speculative decoding.
STUDENT_CONFIG = GPTConfig(layers=2)
CONFIGS = {TEACHER: TEACHER_CONFIG, STUDENT: STUDENT_CONFIG}


def weights_dir() -> Path:
    """Where the weights live; ``MODELLENS_WEIGHTS_DIR`` overrides it (tests, retrains)."""
    default = Path(__file__).resolve().parent / "weights"
    return Path(os.environ.get("MODELLENS_WEIGHTS_DIR", default))


def tokenizer_path() -> Path:
    return weights_dir() / TOKENIZER_FILE


def train_tokenizer(texts: list[str], vocab_size: int = VOCAB_SIZE):
    """A byte-level BPE (GPT-2's pre-tokenisation, every byte in the base alphabet) on ``texts``.

    Returns a ``tokenizers.Tokenizer``; training is deterministic for the same texts.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[END_OF_TEXT],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def train_tokenizer_on_corpus():
    """The shipped tokenizer: trained on the training split's modules only."""
    return train_tokenizer([d.text for d in load_documents() if d.module in TRAIN_MODULES])


@cache
def _load_tokenizer(path: str, mtime: float):
    from transformers import PreTrainedTokenizerFast

    if not Path(path).is_file():
        raise WeightsMissingError(
            f"Tokenizer {path} is missing. Recreate it with `{RETRAIN_HINT}`."
        )
    return PreTrainedTokenizerFast(
        tokenizer_file=path,
        bos_token=END_OF_TEXT,
        eos_token=END_OF_TEXT,
        pad_token=END_OF_TEXT,
        unk_token=None,
    )


def load_tokenizer():
    """The shipped tokenizer as a ``transformers`` fast tokenizer (adds no special tokens)."""
    path = tokenizer_path()
    return _load_tokenizer(str(path), path.stat().st_mtime if path.exists() else 0.0)


def build_model(config: GPTConfig, seed: int | None = None) -> nn.Module:
    """A fresh ``LlamaForCausalLM`` with the given shape (random weights; ``seed`` seeds them)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    hf_config = LlamaConfig(
        vocab_size=VOCAB_SIZE,
        hidden_size=config.width,
        intermediate_size=config.ffn,
        num_hidden_layers=config.layers,
        num_attention_heads=config.heads,
        num_key_value_heads=config.heads,
        max_position_embeddings=config.max_positions,
        tie_word_embeddings=True,  # saves 0.3 M parameters; the logit lens reads the same matrix
        bos_token_id=0,
        eos_token_id=0,
        pad_token_id=0,
        attn_implementation="sdpa",
    )
    # Random initialisation draws from torch's global generator, shared by every session of a
    # server: draw from a forked copy, seeded or not, so nobody else's stream moves.
    with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
        if seed is not None:
            torch.manual_seed(seed)
        model = LlamaForCausalLM(hf_config)
    model.generation_config.pad_token_id = 0
    model.generation_config.eos_token_id = 0
    model.generation_config.bos_token_id = 0
    return model.eval()


def weights_file(name: str) -> str:
    return f"{name}.safetensors"


def save_weights(model: nn.Module, name: str, metadata: dict[str, str] | None = None) -> Path:
    """Write ``<name>.safetensors``; the tied output matrix is stored once (as the embedding)."""
    state = {
        k: v.detach().contiguous() for k, v in model.state_dict().items() if k != "lm_head.weight"
    }
    path = weights_dir() / weights_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, path, metadata={"model": name, **(metadata or {})})
    return path


def load_gpt(name: str = TEACHER) -> nn.Module:
    """The trained teacher (``"gpt"``) or student (``"gpt_student"``), in eval mode.

    Reads only safetensors (no pickle), never the network. Every key and shape is checked and a
    missing or foreign file raises :class:`~models.weights.ModelLoadError` saying so.
    """
    if name not in CONFIGS:
        raise ValueError(f"unknown GPT {name!r}; one of {sorted(CONFIGS)}")
    path = weights_dir() / weights_file(name)
    if not path.is_file():
        raise WeightsMissingError(
            f"Weights file {path} is missing. Recreate it with `{RETRAIN_HINT}`."
        )
    model = build_model(CONFIGS[name])
    try:
        state = load_file(path)
    except Exception as err:  # safetensors raises several types for a damaged file
        raise ModelLoadError(f"{path.name} is not a readable safetensors file ({err}).") from err
    if "model.embed_tokens.weight" in state:
        state["lm_head.weight"] = state["model.embed_tokens.weight"]
    check_state_dict(model, state, path)
    model.load_state_dict(state)
    return model.eval()


def load_metrics(name: str = TEACHER) -> dict:
    """The metrics recorded when ``name`` was trained (``<name>.json``)."""
    return json.loads((weights_dir() / f"{name}.json").read_text())


def parameter_count(model: nn.Module) -> int:
    """Distinct parameters (the tied output matrix counted once)."""
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())


def encode_split(split: str, tokenizer=None) -> torch.Tensor:
    """Token ids of one split, modules in order, each followed by ``<|endoftext|>`` (id 0)."""
    from models.gpt_corpus import SPLITS

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    tokenizer = tokenizer or load_tokenizer()
    ids: list[int] = []
    for doc in load_documents():
        if doc.split == split:
            ids.extend(tokenizer.encode(doc.text, add_special_tokens=False))
            ids.append(tokenizer.eos_token_id)
    return torch.tensor(ids, dtype=torch.long)


@cache
def validation_ids(n_tokens: int = EVAL_TOKENS) -> torch.Tensor:
    """The first ``n_tokens`` validation tokens (read-only; cached)."""
    ids = encode_split("validation")[:n_tokens]
    ids.requires_grad_(False)
    return ids


@dataclass(frozen=True)
class Perplexity:
    """Perplexity over a token stream in non-overlapping windows."""

    perplexity: float
    mean_nll: float  # nats per predicted token
    tokens: int  # predicted tokens (each window predicts all but its first token)
    context: int

    def as_dict(self) -> dict:
        return asdict(self)


@torch.inference_mode()
def perplexity(
    model: nn.Module, ids: torch.Tensor, context: int = CONTEXT, batch_size: int = 16
) -> Perplexity:
    """exp(mean next-token cross-entropy) over ``ids`` cut into windows of ``context`` tokens.

    Windows do not overlap (faster than a sliding window, a little higher: a window's first
    tokens have little context); a shorter last window is dropped, so every window is full.
    """
    n = (len(ids) // context) * context
    if n == 0:
        raise ValueError(f"need at least {context} tokens, got {len(ids)}")
    windows = ids[:n].view(-1, context)
    total, count = 0.0, 0
    for start in range(0, len(windows), batch_size):
        batch = windows[start : start + batch_size]
        logits = model(input_ids=batch).logits[:, :-1].float()
        nll = nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1), reduction="sum"
        )
        total += float(nll)
        count += batch[:, 1:].numel()
    mean = total / count
    return Perplexity(math.exp(mean), mean, count, context)
