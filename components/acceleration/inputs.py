"""What the Accelerate page feeds the backends: batches of real digits or sentences of a chosen
length, and a guard that refuses a batch × length that would exhaust memory."""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from components.errors import UserFacingError
from components.i18n import format_bytes
from models.minilm import MAX_TOKENS, PROFILE_TOKENS
from models.registry import ModelSpec, load_model

BATCH_RANGE = (1, 256)
BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256)  # powers of two: even steps on a log axis
SEQ_RANGE = (8, MAX_TOKENS)  # text models: tokens per sentence, [CLS] and [SEP] included
DEFAULT_SEQ_LEN = PROFILE_TOKENS

# Memory guard. Activation memory is *measured* (see activation_bytes_per_sample) and scaled by
# the batch; HEADROOM covers what eager alone does not show: several backends alive at once
# (compile and ONNX Runtime keep their own buffers and arenas) and the reference outputs. Only a
# fraction of the available memory may be planned for: the server is shared by every session.
HEADROOM = 3.0
MEMORY_FRACTION = 0.5
MEMINFO = Path("/proc/meminfo")


def _check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise UserFacingError(f"accelerate.error.{name}_range", value=value, low=low, high=high)


def _text_batch(model: nn.Module, rows: list[str], seq_len: int) -> tuple[torch.Tensor, ...]:
    """Every row exactly ``seq_len`` real tokens: [CLS], the sentence's tokens repeated, [SEP].

    Repeating rather than padding keeps every position real work, as in a long document; the
    attention mask is all ones. The FLOPs are the same either way (padding is computed too).
    """
    batch = model.tokenize(rows, max_length=MAX_TOKENS)
    ids, mask = batch["input_ids"], batch["attention_mask"]
    out = torch.empty((len(rows), seq_len), dtype=ids.dtype)
    for i in range(len(rows)):
        n = int(mask[i].sum())
        body = ids[i, 1 : n - 1] if n > 2 else ids[i, :1]
        reps = -(-(seq_len - 2) // len(body))
        out[i, 0], out[i, -1] = ids[i, 0], ids[i, n - 1]
        out[i, 1:-1] = body.repeat(reps)[: seq_len - 2]
    return out, torch.ones_like(out, dtype=mask.dtype)


def make_inputs(
    spec: ModelSpec, model: nn.Module, batch: int, seq_len: int | None = None
) -> tuple[torch.Tensor, ...]:
    """One forward call's arguments for ``batch`` items of ``spec``'s evaluation data.

    Args:
        spec: the zoo model's spec; images repeat the test digits, text repeats its sentences.
        model: the model (text models tokenize with it).
        batch: items, within :data:`BATCH_RANGE`.
        seq_len: text only: tokens per row within :data:`SEQ_RANGE` (default
            :data:`DEFAULT_SEQ_LEN`); ignored for images.

    Raises:
        UserFacingError: ``accelerate.error.batch_range`` / ``accelerate.error.seq_range``.
    """
    _check_range("batch", batch, BATCH_RANGE)
    if spec.input_kind != "text":
        return tuple(spec.example_input(model, batch))
    seq_len = DEFAULT_SEQ_LEN if seq_len is None else seq_len
    _check_range("seq", seq_len, SEQ_RANGE)
    sentences = spec.load_data().sentences
    rows = [sentences[i % len(sentences)] for i in range(batch)]
    return _text_batch(model, rows, seq_len)


class _PeakLiveBytes(TorchDispatchMode):
    """Tracks the bytes of tensors created by ATen ops that are still alive, and their peak.

    Each new storage is counted when an op returns it and uncounted when its tensor is freed;
    views share their base's storage and are not counted again.
    """

    def __init__(self) -> None:
        super().__init__()
        self.live = 0
        self.peak = 0
        self.seen: set[int] = set()

    def _free(self, key: int, nbytes: int) -> None:
        self.seen.discard(key)
        self.live -= nbytes

    def __torch_dispatch__(self, func, types, args=(), kwargs=None) -> Any:
        out = func(*args, **(kwargs or {}))
        for tensor in tree_leaves(out):
            if not isinstance(tensor, torch.Tensor):
                continue
            storage = tensor.untyped_storage()
            key, nbytes = storage.data_ptr(), storage.nbytes()
            if nbytes == 0 or key in self.seen:
                continue
            self.seen.add(key)
            self.live += nbytes
            self.peak = max(self.peak, self.live)
            weakref.finalize(tensor, self._free, key, nbytes)
        return out


_per_sample: dict[tuple[str, int | None], int] = {}
_per_sample_lock = threading.Lock()


def activation_bytes_per_sample(
    spec: ModelSpec, model: nn.Module, seq_len: int | None = None
) -> int:
    """Peak bytes of intermediate tensors per batch item during one eager forward pass.

    Measured, not guessed: one forward at batch 2 (batch 1 can take special paths) under a
    dispatch mode that tracks live tensors; cached per model name and sequence length. Measured
    MiniLM at 128 tokens: 2.8 MiB per sentence, matching the process's resident-memory growth
    (680 MiB) for a 256 × 128 batch. Fused kernels' internal scratch space is not seen.
    """
    key = (spec.name, seq_len if spec.input_kind == "text" else None)
    with _per_sample_lock:
        if key in _per_sample:
            return _per_sample[key]
    inputs = make_inputs(spec, model, 2, seq_len)
    tracker = _PeakLiveBytes()
    with torch.inference_mode(), tracker:
        model(*inputs)
    value = -(-tracker.peak // 2)
    with _per_sample_lock:
        _per_sample[key] = value
    return value


def available_memory_bytes() -> int:
    """Memory the OS could give this process now: psutil when installed, else MemAvailable
    from /proc/meminfo, else physical memory."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:
        pass
    try:
        for line in MEMINFO.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


@dataclass(frozen=True)
class MemoryBudget:
    """The guard's numbers, for the page to show next to its controls."""

    per_sample_bytes: int  # measured peak activations of one item (eager)
    estimate_bytes: int  # batch × per_sample × HEADROOM + the weights
    limit_bytes: int  # MEMORY_FRACTION of the available memory

    @property
    def fraction(self) -> float:
        return self.estimate_bytes / self.limit_bytes if self.limit_bytes else float("inf")


def check_budget(
    spec: ModelSpec,
    batch: int,
    seq_len: int | None = None,
    *,
    model: nn.Module | None = None,
    available_bytes: int | None = None,
) -> MemoryBudget:
    """Refuse a batch × sequence length whose activations would not fit in memory.

    The estimate is ``batch × activation_bytes_per_sample × HEADROOM`` plus the weights: the
    per-item activations are measured once on a small batch (linear in the batch; for text,
    measured at this ``seq_len``, since attention grows with its square). The limit is
    ``MEMORY_FRACTION`` of the memory available now.

    Args:
        model: the loaded model (loaded from the zoo when omitted: MiniLM takes ≈2 s).
        available_bytes: override the measured available memory (tests, what-if).

    Raises:
        UserFacingError: ``accelerate.error.batch_range``, ``accelerate.error.seq_range`` or
            ``accelerate.error.memory`` (with the estimate and the limit, formatted).
    """
    _check_range("batch", batch, BATCH_RANGE)
    if spec.input_kind == "text":
        seq_len = DEFAULT_SEQ_LEN if seq_len is None else seq_len
        _check_range("seq", seq_len, SEQ_RANGE)
    model = model if model is not None else load_model(spec.name)
    per_sample = activation_bytes_per_sample(spec, model, seq_len)
    weights = sum(p.numel() * p.element_size() for p in model.parameters())
    estimate = int(batch * per_sample * HEADROOM) + weights
    available = available_memory_bytes() if available_bytes is None else available_bytes
    budget = MemoryBudget(per_sample, estimate, int(available * MEMORY_FRACTION))
    if budget.estimate_bytes > budget.limit_bytes:
        raise UserFacingError(
            "accelerate.error.memory",
            batch=batch,
            seq_len=seq_len or "—",
            need=format_bytes(budget.estimate_bytes),
            limit=format_bytes(budget.limit_bytes),
        )
    return budget
