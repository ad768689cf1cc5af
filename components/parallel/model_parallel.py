"""Naive model parallelism: each process holds some layers; the batch walks through them in turn.

Rank r receives the activations of rank r − 1 (``dist.recv``), runs its layers and sends the
result on (``dist.send``). Only one process computes at any moment: the timeline shows why
pipelining (micro-batches in flight at once) exists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import torch
import torch.distributed as dist

from components.parallel.compare import median
from components.parallel.launcher import Workers
from components.parallel.layers import (
    build_model,
    check_split,
    digits_batch,
    sequential_layers,
    stage_label,
    stage_module,
    zoo_spec,
)
from components.parallel.schedule import EVENT_COLUMNS
from components.parallel.settings import ParallelSettings, check_batch
from components.progress import ProgressFn, no_progress

STAGE_TIME_COLUMNS = (
    "stage",
    "layers",
    "compute_s",  # running the stage's layers on the whole batch
    "send_s",  # blocked in dist.send of the output
    "recv_s",  # receiving the input once the previous stage had sent it (transfer)
    "wait_s",  # waiting for the previous stages to compute: the idle time of model parallelism
)
HEADER = 8  # int64 values ahead of each activation: its number of dimensions, then its shape
WARMUP = 1  # untimed passes first: allocator and gloo buffers warm up


@dataclass(frozen=True)
class ModelParallelResult:
    """One model-parallel forward run, timed per stage and checked against one process."""

    model_name: str
    split_points: tuple[int, ...]
    batch: int
    stage_times: pd.DataFrame  # STAGE_TIME_COLUMNS, medians over the timed passes
    events: pd.DataFrame  # EVENT_COLUMNS of the median pass (kinds forward / send / recv)
    pass_s: float  # median time of one pass, first stage's start to last stage's end
    single_pass_s: float  # the whole model in one process, one thread, same batch
    max_abs_diff: float  # output vs the single-process model
    matches: bool  # max_abs_diff within ParallelSettings.TOLERANCE
    startup_s: float  # until every process had joined the process group
    wall_s: float  # the whole run, start-up included

    @property
    def n_stages(self) -> int:
        return len(self.split_points) + 1


def send_tensor(tensor: torch.Tensor, dst: int) -> None:
    """Send a float tensor of any shape: a fixed-size shape header first, then the data."""
    header = torch.zeros(HEADER, dtype=torch.int64)
    header[0] = tensor.dim()
    header[1 : 1 + tensor.dim()] = torch.tensor(tensor.shape)
    dist.send(header, dst)
    dist.send(tensor.contiguous(), dst)


def recv_tensor(src: int) -> torch.Tensor:
    """Receive what :func:`send_tensor` sent."""
    header = torch.empty(HEADER, dtype=torch.int64)
    dist.recv(header, src)
    shape = header[1 : 1 + int(header[0])].tolist()
    tensor = torch.empty(shape)
    dist.recv(tensor, src)
    return tensor


def _time_model(model: torch.nn.Module, x: torch.Tensor, repeats: int) -> float:
    times = []
    for i in range(WARMUP + repeats):
        start = time.perf_counter()
        model(x)
        if i >= WARMUP:
            times.append(time.perf_counter() - start)
    return median(times)


@torch.no_grad()
def rank_main(config: dict, rank: int, world_size: int) -> dict:
    """One stage: receive, compute, send, ``repeats`` times (runs in a worker process)."""
    model, spec = build_model(config["model"])
    layers = sequential_layers(model, spec)
    start, stop = check_split(len(layers), config["split_points"])[rank]
    stage = stage_module(layers, start, stop)
    result: dict = {"passes": []}
    x = None
    if rank == 0:
        x, _ = digits_batch(config["batch"], config["model"])
        result["single_pass_s"] = _time_model(model, x, config["repeats"])
    del model, layers  # this process keeps only its own layers
    for i in range(WARMUP + config["repeats"]):
        dist.barrier()  # every pass starts together, with nothing else in flight
        events = []
        if rank > 0:
            t0 = time.perf_counter()
            x = recv_tensor(rank - 1)
            events.append(("recv", t0, time.perf_counter()))
        t0 = time.perf_counter()
        out = stage(x)
        events.append(("forward", t0, time.perf_counter()))
        if rank < world_size - 1:
            t0 = time.perf_counter()
            send_tensor(out, rank + 1)
            events.append(("send", t0, time.perf_counter()))
        if i >= WARMUP:
            result["passes"].append(events)
    if rank == world_size - 1:
        result["output"] = out
    return result


def _pass_rows(ranks: list[list[tuple]]) -> tuple[list[tuple], list[dict]]:
    """Events and per-stage times of one pass; ``ranks[r]`` is rank r's (kind, start, end).

    Timestamps come from the machine-wide monotonic clock, so ranks compare directly. The
    receive is split at the moment the sender started sending: before it, the stage waited
    for its predecessors to compute; after it, the activation was in transit.
    """
    zero = ranks[0][0][1]
    events, times = [], []
    for rank, own in enumerate(ranks):
        kinds = {kind: (start, end) for kind, start, end in own}
        row = {"compute_s": kinds["forward"][1] - kinds["forward"][0]}
        row["send_s"] = kinds["send"][1] - kinds["send"][0] if "send" in kinds else 0.0
        row["recv_s"] = row["wait_s"] = 0.0
        if "recv" in kinds:
            recv_start, recv_end = kinds["recv"]
            sent = dict((k, s) for k, s, _ in ranks[rank - 1])["send"]
            arrival_start = min(max(recv_start, sent), recv_end)
            row["wait_s"] = arrival_start - recv_start
            row["recv_s"] = recv_end - arrival_start
            events.append((rank, rank, 0, "recv", arrival_start - zero, recv_end - zero))
        for kind in ("forward", "send"):
            if kind in kinds:
                events.append((rank, rank, 0, kind, kinds[kind][0] - zero, kinds[kind][1] - zero))
        times.append(row)
    return events, times


def run_model_parallel(
    model_name: str,
    split_points: Sequence[int],
    batch: int,
    *,
    timeout_s: float = ParallelSettings.DEFAULT_TIMEOUT_S,
    repeats: int = 5,
    progress: ProgressFn = no_progress,
) -> ModelParallelResult:
    """Run the model split at ``split_points`` across one local process per stage.

    Args:
        model_name: a zoo model (or ``"package.module:factory"`` for one built in code).
        split_points: index of the first layer of each stage after the first; 2–4 stages.
        batch: digits per forward pass.
        timeout_s: every process is killed after this long, start-up included.
        repeats: timed passes (after one warm-up); times are their medians.
        progress: called with "starting processes", "running", "done".

    Raises:
        UserFacingError: the model does not split, bad split points or batch, a process
            failed ("parallel.error.worker_failed") or the run timed out
            ("parallel.error.timeout").
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    zoo_spec(model_name, splitting=True)
    model, spec = build_model(model_name)
    layers = sequential_layers(model, spec)
    bounds = check_split(len(layers), split_points, ParallelSettings.PROCESSES_RANGE)
    check_batch(batch)
    x, _ = digits_batch(batch, model_name)
    config = {
        "model": model_name,
        "split_points": list(split_points),
        "batch": batch,
        "repeats": repeats,
    }
    with Workers(
        "model_parallel", config, len(bounds), timeout_s=timeout_s, progress=progress
    ) as workers:
        with torch.no_grad():  # computed while the workers import torch
            reference = model(x)
        launch = workers.wait()
    passes = [_pass_rows([r["passes"][i] for r in launch.results]) for i in range(repeats)]
    spans = [max(e[5] for e in events) for events, _ in passes]
    middle = sorted(range(repeats), key=spans.__getitem__)[repeats // 2]
    stage_times = pd.DataFrame(
        [
            {
                "stage": s,
                "layers": stage_label(layers, *bounds[s]),
                **{
                    col: median(times[s][col] for _, times in passes)
                    for col in STAGE_TIME_COLUMNS[2:]
                },
            }
            for s in range(len(bounds))
        ],
        columns=list(STAGE_TIME_COLUMNS),
    )
    diff = (launch.results[-1]["output"] - reference).abs().max().item()
    return ModelParallelResult(
        model_name=model_name,
        split_points=tuple(split_points),
        batch=batch,
        stage_times=stage_times,
        events=pd.DataFrame(passes[middle][0], columns=list(EVENT_COLUMNS)),
        pass_s=median(spans),
        single_pass_s=launch.results[0]["single_pass_s"],
        max_abs_diff=diff,
        matches=diff <= ParallelSettings.TOLERANCE,
        startup_s=launch.startup_s,
        wall_s=launch.wall_s,
    )
