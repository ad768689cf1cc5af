"""Inference backends of the Accelerate page: what each one is, whether it can run here, and a
prepared, private copy of the model behind one ``run(*inputs)`` call.

Every backend builds from :func:`components.shared_models.working_copy`; the shared model is only
ever *called* (for the eager reference outputs), never changed.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from components.capabilities import YES, Capability
from components.errors import UserFacingError
from components.progress import no_progress
from components.quantization.dynamic import quantize_dynamic_int8
from components.quantization.half import HalfPrecision
from components.quantization.hardware import cpu_features
from components.quantization.settings import QuantSettings
from components.quantization.targets import CONV_TYPES, has_module, quantizable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec


@dataclass(frozen=True)
class BackendInfo:
    """One backend: its display label, the library call that runs, and how close to eager its
    outputs must stay: ``rel_tolerance`` × the largest L2 norm of one item's eager output."""

    key: str
    label: str
    library: str
    rel_tolerance: float
    lossy: bool = False  # changes the numbers on purpose (int8, half precision)

    @property
    def label_key(self) -> str:
        """The i18n key of the backend's display name (``label`` is its English text)."""
        return f"accelerate.backend.{self.key}"


# torch.compile graphs are keyed by input shapes and torch's thread count. dynamic=True makes one
# graph serve most batch sizes; measured guards here: batch 1 always gets its own graph (size-1
# specialisation), LeNet's convolutions split again at batch 16, and every thread count compiles
# anew — about 3 graphs × threads per model. Each compile gets its own recompile budget
# (isolate_recompiles): by default all compiled modules share one limit of 8 graphs per process,
# after which they silently fall back to eager.
COMPILE_RECOMPILE_LIMIT = 32

# ONNX Runtime's worker threads spin while waiting for work by default. On a shared 2-core server
# that burns the core another user (or the next backend of an interleaved sweep) needs; measured
# cost of turning it off: LeNet batch 1 at 2 threads 21 µs instead of 15 µs, none at 1 thread.
ORT_ALLOW_SPINNING = False

ONNX_BATCH_MAX = 4096  # upper bound of the exported dynamic batch axis


def _unavailable(key: str, **values: object) -> Capability:
    return Capability(False, f"accelerate.reason.{key}", dict(values))


@functools.lru_cache(maxsize=1)
def _onnx_import_error() -> str | None:
    """None when the exporter (onnx, onnxscript) and onnxruntime import, else the first error."""
    for module in ("onnxruntime", "onnx", "onnxscript"):
        try:
            importlib.import_module(module)
        except Exception as err:  # an ImportError, or a broken native library
            return f"{module}: {type(err).__name__}: {err}"
    return None


def _cpp_compiler() -> str | None:
    """The C++ compiler inductor would use for CPU code (it needs one)."""
    for name in (os.environ.get("CXX"), "g++", "c++", "clang++"):
        if name and (path := shutil.which(name)):
            return path
    return None


@functools.lru_cache(maxsize=16)
def _spec_has_int8_layers(name: str) -> bool:
    """Whether the zoo model ``name`` has layers that dynamic int8 converts (builds it once)."""
    from models.registry import get_spec

    return bool(quantizable_layers(get_spec(name).build(), "dynamic_int8"))


# --- runners: how each backend is called ----------------------------------------------------------


class _TorchRunner:
    """A torch module on a device: inputs moved there once, outputs brought back to the CPU."""

    def __init__(self, module: nn.Module | Callable[..., torch.Tensor], device: str = "cpu"):
        self.module = module
        self.device = torch.device(device)

    def convert(self, inputs: Sequence[torch.Tensor]) -> tuple[Any, ...]:
        return tuple(x.to(self.device) for x in inputs)

    def callable(self, threads: int) -> Callable[..., Any]:
        if self.device.type == "cpu":
            return self.module
        sync = torch.cuda.synchronize if self.device.type == "cuda" else torch.mps.synchronize

        def call(*args: torch.Tensor) -> torch.Tensor:
            out = self.module(*args)
            sync()  # the kernels run asynchronously: time them, not their launch
            return out

        return call

    def to_cpu(self, output: Any) -> torch.Tensor:
        return output.detach().to("cpu", torch.float32)


class _OrtRunner:
    """An ONNX model in memory with one onnxruntime session per thread count: ORT fixes its
    thread pool when a session is created."""

    def __init__(self, model_bytes: bytes):
        self.model_bytes = model_bytes
        self.sessions: dict[int, Any] = {}

    def session(self, threads: int) -> Any:
        if threads not in self.sessions:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1  # sequential graphs: no inter-op parallelism
            options.add_session_config_entry(
                "session.intra_op.allow_spinning", "1" if ORT_ALLOW_SPINNING else "0"
            )
            options.log_severity_level = 3  # errors only
            self.sessions[threads] = ort.InferenceSession(
                self.model_bytes, options, providers=["CPUExecutionProvider"]
            )
        return self.sessions[threads]

    def convert(self, inputs: Sequence[torch.Tensor]) -> tuple[Any, ...]:
        return tuple(x.detach().contiguous().numpy() for x in inputs)

    def callable(self, threads: int) -> Callable[..., Any]:
        session = self.session(threads)
        names = [i.name for i in session.get_inputs()]

        def call(*arrays: Any) -> Any:
            return session.run(None, dict(zip(names, arrays, strict=True)))[0]

        return call

    def to_cpu(self, output: Any) -> torch.Tensor:
        return torch.from_numpy(output).to(torch.float32)


@dataclass
class PreparedBackend:
    """A backend built on a private copy of the model, checked against eager.

    ``run(*inputs)`` takes the same CPU tensors as the original model and returns a float32 CPU
    tensor. ``prepare_s`` is the one-off cost (copy, export, compile, first call), shown apart
    from latency.
    """

    backend: str
    prepare_s: float
    max_abs_diff: float  # on the example inputs, against the eager fp32 model
    tolerance: float
    threads: int
    notes: tuple[str, ...] = ()  # i18n keys of caveats
    runner: Any = field(default=None, repr=False)

    @property
    def info(self) -> BackendInfo:
        return BACKEND_INFO[self.backend]

    @property
    def matches(self) -> bool:
        return self.max_abs_diff <= self.tolerance

    def convert(self, inputs: Sequence[torch.Tensor]) -> tuple[Any, ...]:
        """The inputs in the backend's own form (device tensors, numpy arrays), made once so
        that timing leaves the conversion out."""
        return self.runner.convert(inputs)

    def callable(self, threads: int | None = None) -> Callable[..., Any]:
        """What one timed forward call runs, on :meth:`convert`'s inputs."""
        return self.runner.callable(threads or self.threads)

    @torch.inference_mode()
    def run(self, *inputs: torch.Tensor, threads: int | None = None) -> torch.Tensor:
        out = self.callable(threads)(*self.convert(inputs))
        return self.runner.to_cpu(out)


# --- building each backend -----------------------------------------------------------------------


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence what the exporter and the compiler log on every call (torchvision missing,
    deprecations): the page reports failures itself."""
    loggers = [logging.getLogger(n) for n in ("torch.onnx", "torch._dynamo", "torch._inductor")]
    levels = [lg.level for lg in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lg in loggers:
            lg.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for lg, level in zip(loggers, levels, strict=True):
                lg.setLevel(level)


def _at_least_batch_2(inputs: tuple[torch.Tensor, ...]) -> tuple[torch.Tensor, ...]:
    """Exporting with a size-1 axis would specialise it to 1: export with batch 2 instead."""
    if inputs[0].shape[0] >= 2:
        return inputs
    return tuple(torch.cat([x, x]) for x in inputs)


def _onnx_dynamic_shapes(inputs: tuple[torch.Tensor, ...]) -> tuple[dict[int, Any], ...]:
    """Batch (axis 0) dynamic for every input; token ids and masks (2-D integer tensors) also
    get a dynamic sequence axis, so one export serves every batch size and text length."""
    batch = torch.export.Dim("batch", min=1, max=ONNX_BATCH_MAX)
    seq = torch.export.Dim("seq", min=2, max=4096)
    return tuple(
        {0: batch, 1: seq} if x.ndim == 2 and not x.is_floating_point() else {0: batch}
        for x in inputs
    )


def _build_onnxruntime(copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> _OrtRunner:
    inputs = _at_least_batch_2(inputs)
    with _quiet():
        program = torch.onnx.export(
            copy,
            inputs,
            dynamo=True,
            external_data=False,
            dynamic_shapes=_onnx_dynamic_shapes(inputs),
            # onnxscript's optimizer measured 2–4 s of MiniLM's 4–8 s export and no faster
            # inference: onnxruntime optimises the graph itself when the session opens.
            optimize=False,
            verbose=False,
        )
    return _OrtRunner(program.model_proto.SerializeToString())


def inductor_cache_dir() -> str:
    """``TORCHINDUCTOR_CACHE_DIR``, set to a folder under the temp dir when unset, so compiled
    kernels are reused across runs (first compile 12–17 s, later ones a few seconds)."""
    default = os.path.join(tempfile.gettempdir(), "modellens-inductor")
    return os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", default)


def _build_compile(copy: nn.Module) -> _TorchRunner:
    inductor_cache_dir()
    compiled = torch.compile(
        copy,
        dynamic=True,
        isolate_recompiles=True,
        recompile_limit=COMPILE_RECOMPILE_LIMIT,
    )
    return _TorchRunner(compiled)


# --- the backends: one object each, on one signature -------------------------------------------


@dataclass(frozen=True)
class Backend:
    """One inference backend: what it is (:class:`BackendInfo`), whether it can run here for a
    model, how to build it on a private copy, and the caveats the page states with it. Adding a
    backend means adding one subclass to :data:`REGISTRY`."""

    info: BackendInfo

    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        """Whether it runs on this machine (and, given ``target``, for that model)."""
        return YES

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        """A runner (``convert`` / ``callable`` / ``to_cpu``) around ``copy``, which it owns."""
        return _TorchRunner(copy)

    def notes(self, model: nn.Module) -> tuple[str, ...]:
        """i18n keys of caveats about running ``model`` this way."""
        return ()


@dataclass(frozen=True)
class _Compile(Backend):
    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        if not torch._dynamo.is_dynamo_supported():
            return _unavailable("compile_unsupported", python=sys.version.split()[0])
        if _cpp_compiler() is None:
            return _unavailable("no_cpp_compiler")
        return YES

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        return _build_compile(copy)

    def notes(self, model: nn.Module) -> tuple[str, ...]:
        return ("accelerate.note.compile_graphs",)


@dataclass(frozen=True)
class _OnnxRuntime(Backend):
    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        if (error := _onnx_import_error()) is not None:
            return _unavailable("onnx_missing", error=error)
        return YES

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        return _build_onnxruntime(copy, inputs)

    def notes(self, model: nn.Module) -> tuple[str, ...]:
        return ("accelerate.note.ort_sessions",)


@dataclass(frozen=True)
class _DynamicInt8(Backend):
    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        if not [e for e in torch.backends.quantized.supported_engines if e != "none"]:
            return _unavailable("no_int8_engine")
        if isinstance(target, nn.Module):
            has_layers, title = (
                bool(quantizable_layers(target, "dynamic_int8")),
                type(target).__name__,
            )
        elif target is not None:
            has_layers, title = _spec_has_int8_layers(target.name), target.title
        else:
            has_layers, title = True, ""
        return YES if has_layers else _unavailable("no_linear", model=title)

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        # quantize_dynamic_int8 never reads the spec; QuantSettings() is per-channel dynamic int8.
        result = quantize_dynamic_int8(copy, None, QuantSettings("dynamic_int8"), no_progress)
        return _TorchRunner(result.model)

    def notes(self, model: nn.Module) -> tuple[str, ...]:
        notes = []
        if has_module(model, CONV_TYPES):
            notes.append("quant.note.dynamic_linear_only")
        if has_module(model, nn.MultiheadAttention):
            notes.append("quant.note.attention_fp32")
        return tuple(notes)


@dataclass(frozen=True)
class _Half(Backend):
    dtype: torch.dtype = torch.float16

    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        features = cpu_features()
        native = features.bf16_native if self.dtype == torch.bfloat16 else features.fp16_native
        if native:
            return YES
        # Runs, but not what it seems: without fp16/bf16 arithmetic the CPU emulates it, slower
        # than fp32. An ok Capability's reason_key is such a caveat.
        return Capability(True, f"accelerate.note.{self.info.key}_emulated")

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        return _TorchRunner(HalfPrecision(copy.to(self.dtype), self.dtype).eval())


@dataclass(frozen=True)
class _Device(Backend):
    """The model moved to an accelerator (``info.key`` is torch's device name)."""

    def availability(self, target: ModelSpec | nn.Module | None) -> Capability:
        if self.info.key == "cuda" and not torch.cuda.is_available():
            return _unavailable("no_cuda", torch=torch.__version__)
        if self.info.key == "mps" and not torch.backends.mps.is_available():
            return _unavailable("no_mps")
        return YES

    def build(self, copy: nn.Module, inputs: tuple[torch.Tensor, ...]) -> Any:
        return _TorchRunner(copy.to(self.info.key), device=self.info.key)


# Tolerances from the zoo's example batches (1 and 64; MiniLM also 128 tokens), largest
# max |Δ| / max ‖eager item output‖ measured: compile and ONNX Runtime ≤ 4e-7 (fp32 sums in
# another order); dynamic int8 0.004 LeNet, 0.015 TinyViT, 0.041 MiniLM (7-bit activations);
# bf16 ≤ 0.0084; fp16 ≤ 0.0029. About 2.5–3× headroom. GPUs: cuDNN convolutions use TF32.
REGISTRY: dict[str, Backend] = {
    backend.info.key: backend
    for backend in (
        Backend(BackendInfo("eager", "eager fp32", "torch (eager mode)", 1e-6)),
        _Compile(
            BackendInfo("compile", "torch.compile", "torch.compile(dynamic=True), inductor", 1e-5)
        ),
        _OnnxRuntime(
            BackendInfo(
                "onnxruntime",
                "ONNX Runtime",
                "torch.onnx.export(dynamo=True) + onnxruntime CPUExecutionProvider",
                1e-5,
            )
        ),
        _DynamicInt8(
            BackendInfo(
                "int8_dynamic",
                "dynamic int8",
                "torch.ao.quantization.quantize_dynamic (nn.Linear, per channel)",
                0.1,
                lossy=True,
            )
        ),
        _Half(
            BackendInfo("bf16", "bf16", "torch.nn.Module.to(torch.bfloat16)", 0.03, lossy=True),
            torch.bfloat16,
        ),
        _Half(
            BackendInfo("fp16", "fp16", "torch.nn.Module.to(torch.float16)", 0.01, lossy=True),
            torch.float16,
        ),
        _Device(BackendInfo("cuda", "CUDA GPU", "torch.nn.Module.to('cuda')", 1e-2)),
        _Device(BackendInfo("mps", "Apple GPU (MPS)", "torch.nn.Module.to('mps')", 1e-2)),
    )
}
BACKEND_INFO: dict[str, BackendInfo] = {key: backend.info for key, backend in REGISTRY.items()}
BACKENDS: tuple[str, ...] = tuple(REGISTRY)


def availability(backend: str, spec_or_model: ModelSpec | nn.Module | None = None) -> Capability:
    """Whether ``backend`` can run on this machine (and, where it matters, for this model).

    Args:
        backend: a key of :data:`BACKENDS`.
        spec_or_model: the model (or its zoo spec) the backend would run; without it, only the
            machine is checked.

    Raises:
        ValueError: for an unknown backend key (a programming error, not a user's).
    """
    if backend not in REGISTRY:
        raise ValueError(f"unknown backend {backend!r}; known: {BACKENDS}")
    return REGISTRY[backend].availability(spec_or_model)


def _output_scale(reference: torch.Tensor) -> float:
    """The largest L2 norm of one item's output (a logit vector, an embedding): tolerances are
    relative to it, so they mean the same for logits of size 30 and unit-length embeddings."""
    if reference.numel() == 0:
        return 0.0
    rows = reference.reshape(len(reference), -1) if reference.ndim else reference.reshape(1, 1)
    return float(rows.norm(dim=1).max())


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _first_line(err: BaseException) -> str:
    """``Type: first line`` of an error and of its cause (the exporter wraps the real reason),
    without terminal colour codes: short enough for the page."""
    parts = []
    while err is not None and len(parts) < 2:
        lines = ANSI_ESCAPE.sub("", str(err)).strip().splitlines()
        parts.append(f"{type(err).__name__}: {lines[0] if lines else ''}".strip())
        err = err.__cause__
    return " ← ".join(parts)[:400]


@contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """torch's intra-op thread count for the block, restored afterwards (even on error)."""
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def prepare_backend(
    backend: str,
    model: nn.Module,
    example_inputs: Sequence[torch.Tensor],
    *,
    threads: int,
) -> PreparedBackend:
    """Build ``backend`` from a private copy of ``model`` and check it against eager.

    Args:
        backend: a key of :data:`BACKENDS`.
        model: the (shared, read-only) fp32 model in eval mode; it is copied, never changed.
        example_inputs: one forward call's arguments; the export/compile traces with them and
            the check compares outputs on them.
        threads: torch / onnxruntime threads for the build and the check.

    Returns:
        The prepared backend; ``prepare_s`` covers copy, export or compile and the first call.

    Raises:
        UserFacingError: ``accelerate.error.unavailable`` (see :func:`availability`) or
            ``accelerate.error.prepare_failed`` with the first line of the underlying error,
            so the page can fall back to eager and say why.
    """
    avail = availability(backend, model)
    if not avail:
        raise UserFacingError("accelerate.error.unavailable", backend=BACKEND_INFO[backend].label)
    inputs = tuple(example_inputs)
    with torch_threads(threads), torch.inference_mode():
        reference = model(*inputs).float()
    start = time.perf_counter()
    try:
        with torch_threads(threads):
            copy = working_copy(model).eval()
            runner = REGISTRY[backend].build(copy, inputs)
            prepared = PreparedBackend(
                backend=backend,
                prepare_s=0.0,
                max_abs_diff=0.0,
                tolerance=0.0,
                threads=threads,
                notes=((avail.reason_key,) if avail.reason_key else ())
                + REGISTRY[backend].notes(model),
                runner=runner,
            )
            with _quiet():
                output = prepared.run(*inputs)  # compiles, allocates: part of the one-off cost
    except UserFacingError:
        raise
    except Exception as err:
        raise UserFacingError(
            "accelerate.error.prepare_failed",
            backend=BACKEND_INFO[backend].label,
            reason=_first_line(err),
        ) from err
    prepared.prepare_s = time.perf_counter() - start
    if output.shape != reference.shape:
        raise UserFacingError(
            "accelerate.error.prepare_failed",
            backend=BACKEND_INFO[backend].label,
            reason=f"output shape {tuple(output.shape)} instead of {tuple(reference.shape)}",
        )
    scale = _output_scale(reference)
    prepared.max_abs_diff = float((output - reference).abs().max()) if output.numel() else 0.0
    prepared.tolerance = BACKEND_INFO[backend].rel_tolerance * max(scale, 1e-6)
    return prepared
