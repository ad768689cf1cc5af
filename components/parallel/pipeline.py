"""Pipeline parallelism with ``torch.distributed.pipelining``: one training step, timed per action.

Every process builds the model, keeps its stage(s) as ``PipelineStage``s and runs a GPipe, 1F1B
or interleaved 1F1B schedule over micro-batches, with cross-entropy on the digits' labels so
that both forward and backward passes run. Each stage's ``forward_one_chunk`` and
``backward_one_chunk`` are timed, which gives the measured timeline; loss and gradients are
compared with one process running the whole batch.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd
import torch
import torch.distributed as dist
from torch import nn
from torch.nn import functional as F

from components.errors import UserFacingError
from components.parallel.compare import gradients, max_abs_diff
from components.parallel.launcher import Workers
from components.parallel.layers import (
    Layers,
    build_model,
    check_split,
    digits_batch,
    sequential_layers,
    stage_label,
    stage_module,
    zoo_spec,
)
from components.parallel.schedule import (
    EVENT_COLUMNS,
    bubble_fraction,
    formula_bubble,
    ideal_bubble,
    rank_orders,
    schedule_info,
)
from components.parallel.settings import ParallelSettings, check_batch
from components.progress import ProgressFn, no_progress

RANK_TIME_COLUMNS = (
    "rank",
    "stages",  # model stages held, e.g. "0, 2" when interleaved
    "layers",
    "compute_s",  # forwards and backwards
    "p2p_s",  # blocked on sends/receives: transfers, and waiting for the neighbours' compute
    "overhead_s",  # the rest of the step: schedule bookkeeping, splitting, the loss
    "idle_s",  # p2p_s + overhead_s, the step not spent computing: the bubble in seconds
)
TIMED_STEPS = 3  # after one warm-up step (shape inference, buffers); the median one is shown


@dataclass(frozen=True)
class PipelineResult:
    """One pipelined training step: its timeline, bubble and agreement with one process."""

    model_name: str
    schedule: str
    split_points: tuple[int, ...]
    n_ranks: int  # processes
    n_microbatches: int
    batch: int
    events: pd.DataFrame  # EVENT_COLUMNS, seconds since the step began, of the median step
    rank_times: pd.DataFrame  # RANK_TIME_COLUMNS
    step_s: float  # the shown step's time (the median of the timed steps)
    bubble: float  # measured: idle share from the first forward to the last backward, averaged
    bubble_formula: float  # (p − 1) / (v·m + p − 1)
    bubble_ideal: float  # idle share of the ideal schedule (its chart) for the same p and m
    loss: float  # mean of the micro-batch losses
    reference_loss: float  # the whole model, whole batch, one process
    loss_diff: float
    grad_max_diff: float  # largest |gradient difference| over all parameters
    output_max_diff: float  # the last stage's logits vs the whole model's
    matches: bool  # all three within ParallelSettings.TOLERANCE
    startup_s: float
    wall_s: float


@contextlib.contextmanager
def timed_actions(stages: Sequence, records: list) -> Iterator[list[float]]:
    """Record (stage, kind, microbatch, start, end) of every forward and backward the schedule
    runs on ``stages`` into ``records``; yields a list collecting the seconds spent blocked in
    point-to-point communication. Everything is restored on exit.

    Wraps the stages' ``forward_one_chunk``/``backward_one_chunk`` (all three schedules call
    them per micro-batch) and the schedules' ``_wait_batch_p2p``.
    """
    from torch.distributed.pipelining import schedules

    waits: list[float] = []
    wait_batch_p2p = schedules._wait_batch_p2p

    def timed_wait(work):
        start = time.perf_counter()
        try:
            return wait_batch_p2p(work)
        finally:
            waits.append(time.perf_counter() - start)

    def timed(stage, kind: str, method):
        def run(chunk_id: int, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(chunk_id, *args, **kwargs)
            finally:
                records.append((stage.stage_index, kind, chunk_id, start, time.perf_counter()))

        return run

    for stage in stages:
        stage.forward_one_chunk = timed(stage, "forward", stage.forward_one_chunk)
        stage.backward_one_chunk = timed(stage, "backward", stage.backward_one_chunk)
    schedules._wait_batch_p2p = timed_wait
    try:
        yield waits
    finally:
        schedules._wait_batch_p2p = wait_batch_p2p
        for stage in stages:
            del stage.forward_one_chunk, stage.backward_one_chunk  # back to the class methods


def _stage_ids(schedule: str, rank: int, world_size: int) -> list[int]:
    # Interleaved: rank r holds stages r, r + p, … (torch's "loop" placement).
    return [rank + k * world_size for k in range(schedule_info(schedule).stages_per_rank)]


def _parameters(layers: Layers, bounds: list[tuple[int, int]], stage_ids: list[int]) -> dict:
    return {
        f"{name}.{pname}": param
        for s in stage_ids
        for name, module in layers[bounds[s][0] : bounds[s][1]]
        for pname, param in module.named_parameters()
    }


def rank_main(config: dict, rank: int, world_size: int) -> dict:
    """One process of the pipeline: build the stages, run warm-up + timed steps."""
    from torch.distributed.pipelining import PipelineStage, schedules

    model, spec = build_model(config["model"])
    layers = sequential_layers(model, spec)
    bounds = check_split(len(layers), config["split_points"])
    stage_ids = _stage_ids(config["schedule"], rank, world_size)
    stages = [
        PipelineStage(stage_module(layers, *bounds[s]), s, len(bounds), torch.device("cpu"))
        for s in stage_ids
    ]
    schedule_class = getattr(schedules, schedule_info(config["schedule"]).torch_class)
    m = config["microbatches"]
    # Mean cross-entropy per micro-batch; the schedule divides gradients by m (scale_grads),
    # so equal micro-batches give the gradient of the whole batch's mean loss.
    schedule = schedule_class(
        stages if len(stages) > 1 else stages[0], n_microbatches=m, loss_fn=F.cross_entropy
    )
    x, y = digits_batch(config["batch"], config["model"])
    first, last = 0 in stage_ids, len(bounds) - 1 in stage_ids
    steps = []
    records: list[tuple] = []
    for step in range(1 + TIMED_STEPS):
        for stage in stages:
            stage.submod.zero_grad(set_to_none=True)
        records.clear()
        losses: list[torch.Tensor] = []
        with timed_actions(stages, records) as waits:
            dist.barrier()
            start = time.perf_counter()
            output = schedule.step(
                *((x,) if first else ()), **({"target": y, "losses": losses} if last else {})
            )
            end = time.perf_counter()
        if step > 0:
            steps.append({"start": start, "end": end, "events": list(records), "p2p_s": sum(waits)})
    params = _parameters(layers, bounds, stage_ids)
    return {
        "stage_ids": stage_ids,
        "steps": steps,
        "grads": {name: p.grad for name, p in params.items() if p.grad is not None},
        "losses": [loss.item() for loss in losses],
        "output": output.detach() if last else None,  # the last stage's logits, whole batch
    }


def check_pipeline(
    n_layers: int, split_points: Sequence[int], schedule: str, n_microbatches: int, batch: int
) -> int:
    """Validate a pipeline request before any process starts; return the number of processes.

    Raises:
        UserFacingError: unknown schedule; bad split points; a stage count the schedule cannot
            spread over 2–4 processes; micro-batch counts the schedule refuses; a batch that
            does not divide into equal micro-batches.
    """
    info = schedule_info(schedule)
    bounds = check_split(n_layers, split_points)
    if len(bounds) % info.stages_per_rank:
        raise UserFacingError(
            "parallel.error.interleaved_stages", stages=len(bounds), per_rank=info.stages_per_rank
        )
    n_ranks = len(bounds) // info.stages_per_rank
    rank_orders(schedule, n_ranks, n_microbatches)  # raises for bad process/micro-batch counts
    check_batch(batch, n_microbatches)
    return n_ranks


def _reference(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, float, dict[str, torch.Tensor]]:
    """Logits, loss and gradients of the whole model on the whole batch, in this process."""
    model.zero_grad(set_to_none=True)
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    return logits.detach(), loss.item(), gradients(model)


def _median_step(
    results: list[dict], layers: Layers, bounds: list[tuple[int, int]]
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Events, per-rank times and duration of the timed step of median duration."""
    spans = [
        max(r["steps"][i]["end"] for r in results) - min(r["steps"][i]["start"] for r in results)
        for i in range(TIMED_STEPS)
    ]
    chosen = sorted(range(TIMED_STEPS), key=spans.__getitem__)[TIMED_STEPS // 2]
    span = spans[chosen]
    # Ranks share the machine's monotonic clock; time 0 is the earliest rank's step start.
    zero = min(r["steps"][chosen]["start"] for r in results)
    rows = [
        (rank, stage, mb, kind, start - zero, end - zero)
        for rank, r in enumerate(results)
        for stage, kind, mb, start, end in r["steps"][chosen]["events"]
    ]
    events = pd.DataFrame(rows, columns=list(EVENT_COLUMNS)).sort_values(["rank", "start_s"])
    events = events.reset_index(drop=True)
    times = []
    for rank, r in enumerate(results):
        mine = events[events["rank"] == rank]
        compute = float((mine["end_s"] - mine["start_s"]).sum())
        p2p = r["steps"][chosen]["p2p_s"]
        times.append(
            {
                "rank": rank,
                "stages": ", ".join(str(s) for s in r["stage_ids"]),
                "layers": ", ".join(stage_label(layers, *bounds[s]) for s in r["stage_ids"]),
                "compute_s": compute,
                "p2p_s": p2p,
                "overhead_s": max(0.0, span - compute - p2p),
                "idle_s": span - compute,
            }
        )
    return events, pd.DataFrame(times, columns=list(RANK_TIME_COLUMNS)), span


def run_pipeline(
    model_name: str,
    split_points: Sequence[int],
    schedule: str,
    n_microbatches: int,
    batch: int,
    *,
    timeout_s: float = ParallelSettings.DEFAULT_TIMEOUT_S,
    progress: ProgressFn = no_progress,
) -> PipelineResult:
    """One pipelined training step of ``model_name`` across local processes.

    Args:
        model_name: a zoo model that classifies digits (or ``"package.module:factory"``).
        split_points: index of the first layer of each stage after the first. GPipe and 1F1B
            run one stage per process (2–4 stages); interleaved 1F1B two per process (4, 6 or
            8 stages), rank r holding stages r and r + processes.
        schedule: "gpipe", "1f1b" or "interleaved_1f1b" (see :data:`SCHEDULES`).
        n_microbatches: micro-batches the batch is cut into (1–16; 1F1B needs ≥ processes).
        batch: digits per step, a multiple of ``n_microbatches``.
        timeout_s: every process is killed after this long, start-up included.
        progress: called with "starting processes", "running", "done".

    Raises:
        UserFacingError: see :func:`check_pipeline`; "parallel.error.timeout" and
            "parallel.error.worker_failed" as for every run.
    """
    zoo_spec(model_name, splitting=True)
    model, spec = build_model(model_name)
    layers = sequential_layers(model, spec)
    n_ranks = check_pipeline(len(layers), split_points, schedule, n_microbatches, batch)
    bounds = check_split(len(layers), split_points)
    x, y = digits_batch(batch, model_name)
    config = {
        "model": model_name,
        "split_points": list(split_points),
        "schedule": schedule,
        "microbatches": n_microbatches,
        "batch": batch,
    }
    with Workers("pipeline", config, n_ranks, timeout_s=timeout_s, progress=progress) as workers:
        logits, reference_loss, reference_grads = _reference(model, x, y)  # while workers start
        launch = workers.wait()
    results = launch.results
    losses = next(r["losses"] for r in results if r["losses"])
    loss = sum(losses) / len(losses)
    grads = {name: g for r in results for name, g in r["grads"].items()}
    grad_diff = max_abs_diff(grads, reference_grads)
    output = next(r["output"] for r in results if r["output"] is not None)
    output_diff = (output - logits).abs().max().item()
    events, rank_times, step_s = _median_step(results, layers, bounds)
    loss_diff = abs(loss - reference_loss)
    tolerance = ParallelSettings.TOLERANCE
    return PipelineResult(
        model_name=model_name,
        schedule=schedule,
        split_points=tuple(split_points),
        n_ranks=n_ranks,
        n_microbatches=n_microbatches,
        batch=batch,
        events=events,
        rank_times=rank_times,
        step_s=step_s,
        bubble=bubble_fraction(events),
        bubble_formula=formula_bubble(schedule, n_ranks, n_microbatches),
        bubble_ideal=ideal_bubble(schedule, n_ranks, n_microbatches),
        loss=loss,
        reference_loss=reference_loss,
        loss_diff=loss_diff,
        grad_max_diff=grad_diff,
        output_max_diff=output_diff,
        matches=max(loss_diff, grad_diff, output_diff) <= tolerance,
        startup_s=launch.startup_s,
        wall_s=launch.wall_s,
    )
