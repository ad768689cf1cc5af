"""Data parallelism with ``DistributedDataParallel``: every process holds the whole model and an
equal share of the batch; gradients are averaged by all-reduce during the backward pass.

Checked against one process training on the whole batch: after the all-reduce each rank's
gradient must equal the full-batch gradient, and after the steps every rank's weights must
equal those of single-process SGD.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import pandas as pd
import torch
import torch.distributed as dist
from torch import nn
from torch.nn import functional as F

from components.parallel.compare import gradients, max_abs_diff, median
from components.parallel.launcher import Workers
from components.parallel.layers import build_model, digits_batch, zoo_spec
from components.parallel.settings import ParallelSettings, check_batch, check_count
from components.progress import ProgressFn, no_progress

STEP_COLUMNS = (
    "step",  # 0 is the warm-up: DDP builds its gradient buckets during the first backward
    "step_s",  # forward + backward + SGD update, slowest rank
    "allreduce_s",  # time with a gradient all-reduce in flight (it overlaps the backward)
    "loss",  # mean over ranks = the whole batch's loss
)
LEARNING_RATE = 0.05  # plain SGD; large enough that the weights visibly move in a few steps


@dataclass(frozen=True)
class DataParallelResult:
    """A few DDP training steps, timed and checked against single-process training."""

    model_name: str
    batch: int
    world_size: int
    steps: pd.DataFrame  # STEP_COLUMNS, one row per step
    step_s: float  # median step time after the warm-up step
    allreduce_s: float  # median all-reduce time per step after the warm-up step
    single_step_s: float  # the same step on the whole batch in one process, one thread
    grad_sync_max_diff: float  # first step: largest gradient difference between ranks
    grad_max_diff: float  # first step: rank 0's gradient vs the single-process one
    param_max_diff: float  # after all steps: rank 0's weights vs single-process SGD
    in_sync: bool  # every rank had the same gradients (exactly)
    matches: bool  # gradients and weights within ParallelSettings.TOLERANCE
    startup_s: float
    wall_s: float


def _step(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return loss


def _time_single_step(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model = copy.deepcopy(model)
    times = []
    for i in range(4):  # one warm-up
        start = time.perf_counter()
        model.zero_grad(set_to_none=True)
        _step(model, x, y)
        if i:
            times.append(time.perf_counter() - start)
    return median(times)


def rank_main(config: dict, rank: int, world_size: int) -> dict:
    """One DDP replica: its share of the batch, ``steps`` SGD steps (runs in a worker)."""
    from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook
    from torch.nn.parallel import DistributedDataParallel

    model, _ = build_model(config["model"])
    x, y = digits_batch(config["batch"], config["model"])
    share = len(x) // world_size
    mine = slice(rank * share, (rank + 1) * share)
    single_step_s = _time_single_step(model, x, y) if rank == 0 else None
    ddp = DistributedDataParallel(model)  # broadcasts rank 0's weights (identical anyway)
    allreduces: list[tuple[float, float]] = []

    def timed_allreduce(state, bucket):
        start = time.perf_counter()

        def finished(future):
            allreduces.append((start, time.perf_counter()))
            return future.value()

        return allreduce_hook(state, bucket).then(finished)

    ddp.register_comm_hook(None, timed_allreduce)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=LEARNING_RATE)
    steps = []
    first_grads = {}
    for step in range(config["steps"]):
        optimizer.zero_grad(set_to_none=True)
        allreduces.clear()
        dist.barrier()
        start = time.perf_counter()
        loss = _step(ddp, x[mine], y[mine])
        if step == 0:
            first_grads = gradients(model)
        optimizer.step()
        end = time.perf_counter()
        busy = sorted(allreduces)
        steps.append(
            {
                "start": start,
                "end": end,
                "allreduce_s": _covered(busy),
                "loss": loss.item(),
            }
        )
    return {
        "steps": steps,
        "first_grads": first_grads,
        "params": {n: p.detach().clone() for n, p in model.named_parameters()},
        "single_step_s": single_step_s,
    }


def _covered(intervals: list[tuple[float, float]]) -> float:
    """Seconds covered by the union of sorted (start, end) intervals."""
    total, reach = 0.0, float("-inf")
    for start, end in intervals:
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _single_process(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, steps: int
) -> tuple[dict, dict]:
    """Gradients of the first step and weights after ``steps`` SGD steps, whole batch."""
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    first = {}
    for step in range(steps):
        optimizer.zero_grad(set_to_none=True)
        _step(model, x, y)
        if step == 0:
            first = gradients(model)
        optimizer.step()
    return first, {n: p.detach().clone() for n, p in model.named_parameters()}


def run_data_parallel(
    model_name: str,
    batch: int,
    steps: int = ParallelSettings.DEFAULT_STEPS,
    *,
    world_size: int = 2,
    timeout_s: float = ParallelSettings.DEFAULT_TIMEOUT_S,
    progress: ProgressFn = no_progress,
) -> DataParallelResult:
    """Train ``steps`` SGD steps with DDP on ``world_size`` local processes (gloo).

    Args:
        model_name: a zoo model that classifies digits (or ``"package.module:factory"``).
        batch: digits per step in total; each process takes batch / world_size of them.
        steps: SGD steps; the first is a warm-up and left out of the medians.
        world_size: processes, 2–4.
        timeout_s: every process is killed after this long, start-up included.
        progress: called with "starting processes", "running", "done".

    Raises:
        UserFacingError: a batch that does not split evenly, bad step or process counts, a
            model without digit labels, "parallel.error.timeout", "parallel.error.worker_failed".
    """
    check_count("processes", world_size, ParallelSettings.PROCESSES_RANGE)
    check_count("steps", steps, ParallelSettings.STEPS_RANGE)
    check_batch(batch, world_size)
    zoo_spec(model_name, splitting=False)
    model, _ = build_model(model_name)
    x, y = digits_batch(batch, model_name)
    config = {"model": model_name, "batch": batch, "steps": steps}
    with Workers(
        "data_parallel", config, world_size, timeout_s=timeout_s, progress=progress
    ) as workers:
        first_grads, final_params = _single_process(model, x, y, steps)  # while workers start
        launch = workers.wait()
    results = launch.results
    rows = []
    for step in range(steps):
        per_rank = [r["steps"][step] for r in results]
        rows.append(
            {
                "step": step,
                "step_s": max(s["end"] for s in per_rank) - min(s["start"] for s in per_rank),
                "allreduce_s": max(s["allreduce_s"] for s in per_rank),
                "loss": sum(s["loss"] for s in per_rank) / len(per_rank),
            }
        )
    table = pd.DataFrame(rows, columns=list(STEP_COLUMNS))
    timed = table[table["step"] > 0] if steps > 1 else table
    sync = max(max_abs_diff(r["first_grads"], results[0]["first_grads"]) for r in results)
    grad_diff = max_abs_diff(results[0]["first_grads"], first_grads)
    param_diff = max(max_abs_diff(r["params"], final_params) for r in results)
    tolerance = ParallelSettings.TOLERANCE
    return DataParallelResult(
        model_name=model_name,
        batch=batch,
        world_size=world_size,
        steps=table,
        step_s=float(timed["step_s"].median()),
        allreduce_s=float(timed["allreduce_s"].median()),
        single_step_s=results[0]["single_step_s"],
        grad_sync_max_diff=sync,
        grad_max_diff=grad_diff,
        param_max_diff=param_diff,
        in_sync=sync == 0.0,
        matches=grad_diff <= tolerance and param_diff <= tolerance,
        startup_s=launch.startup_s,
        wall_s=launch.wall_s,
    )
