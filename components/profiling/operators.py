"""Operator profiles with ``torch.profiler``: self time per operator type and per module.

A profile runs ``warmup`` untimed calls, then ``steps`` calls without the profiler (the
reference latency) and ``steps`` calls under it (CPU activities, input shapes recorded). Every
operator's *self* time (its own time, without the operators it calls) is summed per operator,
per input shapes and per module; the shares of all operators' self times add up to 100 %.
What the profiler costs is measured, not assumed: profiled vs unprofiled time per step, and
the overhead per operator call that follows from it. Families of many short operators are
flagged where that overhead could inflate their share.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import torch
from torch import nn
from torch.autograd.profiler import record_function
from torch.profiler import ProfilerActivity, profile

from components.acceleration.backends import PreparedBackend, torch_threads
from components.profiling.families import FAMILY_ORDER, PRODUCTS, family_of
from components.progress import ProgressFn, no_progress
from components.shared_models import working_copy

# One profiler per process: torch.profiler (Kineto) and the FLOP counter's module hooks are
# process-wide, and two profiles at once would each see the other's operators.
PROFILING = threading.Lock()

STEP_RANGE = "modellens::step"
MODULE_PREFIX = "module::"
ROOT_MODULE = "(root)"
# A family whose operators take on average less than this many times the profiler's measured
# overhead per call may look bigger than it is: the overhead lands partly inside the operators.
DISTORTION_FACTOR = 3.0

OPERATOR_COLUMNS = [
    "operator",
    "family",
    "shapes",
    "quantized",
    "calls",
    "self_ms",
    "mean_us",
    "share",
]
MODULE_COLUMNS = ["module", "type", "calls", "self_ms", "share"]


@dataclass(frozen=True)
class ProfileSettings:
    """How a profile is taken. Defaults: a LeNet profile in well under a second, MiniLM at
    batch 8 × 32 tokens in a few seconds (tests/benchmarks/bench_profile.py)."""

    steps: int = 5
    warmup: int = 2
    threads: int = 1
    trace: bool = True  # keep the Chrome trace (a few hundred kB to a few MB)

    STEPS_RANGE = (1, 50)

    def __post_init__(self) -> None:
        low, high = self.STEPS_RANGE
        if not low <= self.steps <= high:
            raise ValueError(f"steps must be in [{low}, {high}], got {self.steps}")
        if self.threads < 1 or self.warmup < 0:
            raise ValueError("threads must be ≥ 1 and warmup ≥ 0")


@dataclass(frozen=True)
class OperatorProfile:
    """One profile: per-operator and per-module self times, per step, and how it was taken."""

    backend: str  # the backend key ("eager", "compile", "onnxruntime" …)
    profiler: str  # "torch.profiler" or "onnxruntime"
    steps: int
    threads: int
    batch: int
    operators: pd.DataFrame  # OPERATOR_COLUMNS; self_ms and calls per step
    modules: pd.DataFrame | None  # MODULE_COLUMNS, None where the profiler cannot see modules
    profiled_ms: float  # median wall time of one step under the profiler
    profiled_mean_ms: float  # their mean (self times are means: coverage divides by it)
    unprofiled_ms: float  # median wall time of one step without it
    calls_per_step: float  # operator calls per step (what the overhead is spread over)
    trace: bytes = field(default=b"", repr=False)  # Chrome trace JSON
    notes: tuple[str, ...] = ()  # i18n keys of caveats

    @property
    def self_ms(self) -> float:
        """Profiled self time of all operators in one step (what the shares divide)."""
        return float(self.operators["self_ms"].sum())

    @property
    def overhead(self) -> float:
        """Profiled over unprofiled time per step, minus one (0.25: 25 % slower profiled)."""
        return self.profiled_ms / self.unprofiled_ms - 1.0 if self.unprofiled_ms > 0 else 0.0

    @property
    def overhead_per_call_us(self) -> float:
        """The profiler's measured cost per operator call, in µs (never below 0)."""
        extra_ms = max(self.profiled_ms - self.unprofiled_ms, 0.0)
        return 1e3 * extra_ms / self.calls_per_step if self.calls_per_step else 0.0

    @property
    def coverage(self) -> float:
        """Operator self time over profiled wall time: the rest is Python and dispatch between
        operators (and the profiler itself)."""
        return self.self_ms / self.profiled_mean_ms if self.profiled_mean_ms > 0 else 0.0

    def families(self) -> pd.DataFrame:
        """One row per family present: self ms per step, share, calls, mean µs per call and
        whether the profiler's overhead could distort its share."""
        return family_shares(self.operators, self.overhead_per_call_us)

    def share(self, family: str) -> float:
        """The share of ``family`` in the operators' self time (0 when absent)."""
        rows = self.families().set_index("family")
        return float(rows.loc[family, "share"]) if family in rows.index else 0.0


def family_shares(operators: pd.DataFrame, overhead_per_call_us: float = 0.0) -> pd.DataFrame:
    """Operators grouped by family, in :data:`FAMILY_ORDER`; shares sum to 1."""
    grouped = operators.groupby("family", sort=False).agg(
        self_ms=("self_ms", "sum"), calls=("calls", "sum")
    )
    grouped = grouped.reindex([f for f in FAMILY_ORDER if f in grouped.index])
    total = float(grouped["self_ms"].sum())
    grouped["share"] = grouped["self_ms"] / total if total > 0 else 0.0
    grouped["mean_us"] = 1e3 * grouped["self_ms"] / grouped["calls"].where(grouped["calls"] > 0)
    grouped["distorted"] = (
        grouped["mean_us"] < DISTORTION_FACTOR * overhead_per_call_us
        if overhead_per_call_us > 0
        else False
    )
    return grouped.reset_index()


# --- module annotations -------------------------------------------------------------------------


@contextmanager
def module_ranges(model: nn.Module) -> Iterator[None]:
    """Every module call of ``model`` inside a profiler range ``module::<name>``, so that each
    operator can be attributed to the innermost module that ran it. Hooks are removed (and
    ranges left open by an error closed) on exit; use on a private copy only."""
    open_ranges: list[Any] = []
    handles = []

    def enter(name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _args: Any) -> None:
            scope = record_function(MODULE_PREFIX + (name or ROOT_MODULE))
            scope.__enter__()
            open_ranges.append(scope)

        return hook

    def leave(_module: nn.Module, _args: Any, _out: Any) -> None:
        if open_ranges:
            open_ranges.pop().__exit__(None, None, None)

    try:
        for name, module in model.named_modules():
            handles.append(module.register_forward_pre_hook(enter(name)))
            handles.append(module.register_forward_hook(leave))
        yield
    finally:
        for handle in handles:
            handle.remove()
        while open_ranges:
            open_ranges.pop().__exit__(None, None, None)


# --- reading torch.profiler events --------------------------------------------------------------


def _ancestors(event: Any) -> Iterator[Any]:
    parent = event.cpu_parent
    while parent is not None:
        yield parent
        parent = parent.cpu_parent


def _is_quantized(name: str) -> bool:
    lower = name.lower()
    return lower.startswith("quantized::") or "quantize" in lower or "int8" in lower


def _classify(event: Any) -> tuple[str, str]:
    """(family, module) of one operator event: the innermost module range around it, and
    for a matrix product whether a linear layer (a weight operand) is among its callers."""
    module = ROOT_MODULE
    weight = None
    for parent in _ancestors(event):
        name = parent.name
        if module == ROOT_MODULE and name.startswith(MODULE_PREFIX):
            module = name.removeprefix(MODULE_PREFIX)
        if name in ("aten::linear", "aten::addmm") or name.startswith("quantized::linear"):
            weight = True
    if PRODUCTS.match(event.name.lower()) and weight is None:
        weight = False
    return family_of(event.name, weight_product=weight), module


def _shapes(event: Any) -> str:
    shapes = [list(s) for s in (event.input_shapes or []) if s]
    return str(shapes) if shapes else ""


def summarise_events(
    events: Sequence[Any], steps: int, module_types: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None, float]:
    """Per-operator and per-module tables (self time per step) and operator calls per step,
    from ``torch.profiler`` events: only operators inside this run's step ranges, on the
    thread that ran them (another session's work on another thread is left out)."""
    step_events = [e for e in events if e.name == STEP_RANGE]
    threads = {e.thread for e in step_events}
    ops: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    mods: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    families: dict[tuple[str, str, str], str] = {}
    calls = 0
    for event in events:
        name = event.name
        if name == STEP_RANGE or name.startswith(MODULE_PREFIX) or event.thread not in threads:
            continue
        if not any(p.name == STEP_RANGE for p in _ancestors(event)):
            continue
        family, module = _classify(event)
        key = (name, _shapes(event), family)
        self_us = float(event.self_cpu_time_total)
        ops[key][0] += 1
        ops[key][1] += self_us
        families[key] = family
        mods[module][0] += 1
        mods[module][1] += self_us
        calls += 1
    total_us = sum(v[1] for v in ops.values()) or 1.0
    operators = pd.DataFrame(
        [
            {
                "operator": name,
                "family": family,
                "shapes": shapes,
                "quantized": _is_quantized(name),
                "calls": count / steps,
                "self_ms": us / 1e3 / steps,
                "mean_us": us / count,
                "share": us / total_us,
            }
            for (name, shapes, family), (count, us) in ops.items()
        ],
        columns=OPERATOR_COLUMNS,
    )
    modules = None
    if module_types is not None:
        modules = pd.DataFrame(
            [
                {
                    "module": module,
                    "type": module_types.get(module, ""),
                    "calls": count / steps,
                    "self_ms": us / 1e3 / steps,
                    "share": us / total_us,
                }
                for module, (count, us) in mods.items()
            ],
            columns=MODULE_COLUMNS,
        ).sort_values("self_ms", ascending=False, ignore_index=True)
    operators = operators.sort_values("self_ms", ascending=False, ignore_index=True)
    return operators, modules, calls / steps


def _chrome_trace(prof: profile) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "trace.json")
        prof.export_chrome_trace(path)
        with open(path, "rb") as f:
            return f.read()


def _timed(call: Callable[[], Any], n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def profile_callable(
    call: Callable[[], Any],
    *,
    batch: int,
    settings: ProfileSettings = ProfileSettings(),
    backend: str = "eager",
    module: nn.Module | None = None,
    progress: ProgressFn | None = None,
) -> OperatorProfile:
    """Profile ``call()`` (one forward pass) with ``torch.profiler``.

    Args:
        call: runs one step; called ``warmup + 2 × steps`` times.
        batch: items per call (stated with the profile).
        settings: steps, warm-up, threads, whether to keep the trace.
        backend: the backend key the profile is labelled with.
        module: the model ``call`` runs, when it is a private copy that may carry hooks: its
            modules are annotated and the profile gets a per-module table.
        progress: told of each profiled step.
    """
    report = progress or no_progress
    module_types = (
        {(n or ROOT_MODULE): type(m).__name__ for n, m in module.named_modules()}
        if module is not None
        else None
    )
    with PROFILING, torch_threads(settings.threads), torch.inference_mode():
        for _ in range(settings.warmup):
            call()
        report(0.1, "unprofiled steps")
        # Half before and half after the profiled steps: drift on a shared machine evens out.
        first = settings.steps - settings.steps // 2
        plain = _timed(call, first)
        ranges = module_ranges(module) if module is not None else _nothing()
        profiled: list[float] = []
        # One profiled step more than asked, left out: the profiler's own start-up lands in it.
        schedule = torch.profiler.schedule(wait=0, warmup=1, active=settings.steps, repeat=1)
        with (
            ranges,
            profile(
                activities=[ProfilerActivity.CPU], record_shapes=True, schedule=schedule
            ) as prof,
        ):
            for i in range(settings.steps + 1):
                start = time.perf_counter()
                with record_function(STEP_RANGE):
                    call()
                if i > 0:
                    profiled.append(time.perf_counter() - start)
                prof.step()
                report(0.2 + 0.6 * (i + 1) / (settings.steps + 1), f"step {i}/{settings.steps}")
        plain += _timed(call, settings.steps // 2)
    report(0.85, "reading the profile")
    operators, modules, calls = summarise_events(prof.events(), settings.steps, module_types)
    notes = ()
    if backend == "compile":
        notes = ("profile.note.compiled_kernels",)
    return OperatorProfile(
        backend=backend,
        profiler="torch.profiler",
        steps=settings.steps,
        threads=settings.threads,
        batch=batch,
        operators=operators,
        modules=modules,
        profiled_ms=1e3 * statistics.median(profiled),
        profiled_mean_ms=1e3 * statistics.fmean(profiled),
        unprofiled_ms=1e3 * statistics.median(plain),
        calls_per_step=calls,
        trace=_chrome_trace(prof) if settings.trace else b"",
        notes=notes,
    )


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _plain_module(runner: Any) -> nn.Module | None:
    """The runner's module when it is an ordinary module on the CPU (eager, int8, half):
    compiled modules cannot carry hooks, and device runners are not profiled here."""
    module = getattr(runner, "module", None)
    if not isinstance(module, nn.Module) or isinstance(module, torch._dynamo.OptimizedModule):
        return None
    if getattr(runner, "device", torch.device("cpu")).type != "cpu":
        return None
    return module


def profile_prepared(
    prepared: PreparedBackend,
    inputs: Sequence[torch.Tensor],
    settings: ProfileSettings = ProfileSettings(),
    progress: ProgressFn | None = None,
) -> OperatorProfile:
    """Profile a prepared backend on ``inputs`` with the profiler that sees inside it:
    ONNX Runtime's own for an ONNX Runtime session, ``torch.profiler`` for the others.
    Plain modules (eager, int8, half precision) are profiled on a private copy with their
    modules annotated; a compiled module as it is (its fused kernels have no modules)."""
    from components.profiling.ort import profile_onnxruntime

    batch = int(inputs[0].shape[0])
    if hasattr(prepared.runner, "model_bytes"):
        return profile_onnxruntime(
            prepared.runner.model_bytes,
            prepared.convert(inputs),
            batch=batch,
            settings=settings,
            reference=prepared.callable(settings.threads),
            progress=progress,
        )
    module = _plain_module(prepared.runner)
    if module is not None:
        copy = working_copy(module).eval()
        args = tuple(inputs)
        return profile_callable(
            lambda: copy(*args),
            batch=batch,
            settings=settings,
            backend=prepared.backend,
            module=copy,
            progress=progress,
        )
    fn, args = prepared.callable(settings.threads), prepared.convert(inputs)
    return profile_callable(
        lambda: fn(*args),
        batch=batch,
        settings=settings,
        backend=prepared.backend,
        progress=progress,
    )


def profile_model(
    model: nn.Module,
    inputs: Sequence[torch.Tensor],
    settings: ProfileSettings = ProfileSettings(),
    progress: ProgressFn | None = None,
) -> OperatorProfile:
    """Profile ``model(*inputs)`` in eager mode on a private copy, modules annotated."""
    copy = working_copy(model).eval()
    args = tuple(inputs)
    return profile_callable(
        lambda: copy(*args),
        batch=int(args[0].shape[0]),
        settings=settings,
        module=copy,
        progress=progress,
    )


def family_change(before: OperatorProfile, after: OperatorProfile) -> pd.DataFrame:
    """Per family, the milliseconds per step and shares of two profiles (the original and a
    variant) and the ratio after/before of its milliseconds; families either one has."""
    a = before.families().set_index("family")
    b = after.families().set_index("family")
    families = [f for f in FAMILY_ORDER if f in a.index or f in b.index]
    a, b = a.reindex(families).fillna(0.0), b.reindex(families).fillna(0.0)
    frame = pd.DataFrame(
        {
            "family": families,
            "before_ms": a["self_ms"].to_numpy(),
            "after_ms": b["self_ms"].to_numpy(),
            "share_before": a["share"].to_numpy(),
            "share_after": b["share"].to_numpy(),
        }
    )
    frame["ratio"] = frame["after_ms"] / frame["before_ms"].where(frame["before_ms"] > 0)
    return frame
