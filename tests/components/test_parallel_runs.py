"""Parallel runs across real local processes: results equal one process, and no process is left.

Each run starts fresh Python processes (≈2–5 s of start-up on 2 busy cores), so every test
checks as much as one run can show.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from components.errors import UserFacingError
from components.parallel import (
    EVENT_COLUMNS,
    ParallelSettings,
    ideal_bubble,
    live_workers,
    rank_orders,
    run_data_parallel,
    run_model_parallel,
    run_pipeline,
)
from components.parallel.launcher import Workers, launch

ROOT = Path(__file__).resolve().parents[2]
MLP = "tests.components.parallel_models:mlp"
TOLERANCE = ParallelSettings.TOLERANCE


def workers_of(pid: int) -> list[int]:
    """Process ids of every live worker started by process ``pid``, wherever it is now: still
    its child, or an orphan adopted by init (read from /proc; psutil is not a dependency)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"components.parallel.worker" not in cmdline:
                continue
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or another user's
            continue
        if f"MODELLENS_PARENT_PID={pid}".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.fixture(autouse=True)
def no_process_left():
    yield
    assert live_workers() == 0
    assert workers_of(os.getpid()) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("model", "points", "schedule", "m"),
    [
        ("lenet", [3], "gpipe", 4),
        ("tiny_vit", [2, 4], "1f1b", 3),
        (MLP, [2, 3, 5], "interleaved_1f1b", 2),
        (MLP, [2, 3, 5], "interleaved_1f1b", 1),  # m < p: torch runs it, the formula misses
    ],
)
def test_pipeline_step_equals_one_process(model, points, schedule, m):
    messages = []
    result = run_pipeline(
        model, points, schedule, m, 24, progress=lambda f, msg: messages.append((f, msg))
    )
    assert result.loss_diff <= TOLERANCE
    assert result.grad_max_diff <= TOLERANCE
    assert result.output_max_diff <= TOLERANCE
    assert result.matches
    assert result.loss == pytest.approx(result.reference_loss, abs=TOLERANCE)
    p = result.n_ranks
    assert p == (2 if schedule == "interleaved_1f1b" else len(points) + 1)
    events = result.events
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert len(events) == 2 * m * (len(points) + 1)  # a forward and a backward per stage and mb
    # Each process ran its actions in the order the schedule prescribes.
    for rank, order in rank_orders(schedule, p, m).items():
        mine = events[events["rank"] == rank].sort_values("start_s")
        assert list(zip(mine["stage"], mine["kind"], mine["microbatch"], strict=True)) == order
    assert (events["end_s"] > events["start_s"]).all()
    assert 0 < result.bubble < 1
    assert result.bubble_formula == pytest.approx(
        (p - 1) / ((2 if schedule == "interleaved_1f1b" else 1) * m + p - 1)
    )
    assert result.bubble_ideal == ideal_bubble(schedule, p, m)
    times = result.rank_times
    assert times[["compute_s", "p2p_s", "overhead_s"]].sum(axis=1).to_numpy() == pytest.approx(
        result.step_s, rel=1e-6
    )
    assert 0 < result.startup_s < result.wall_s
    assert messages[0] == (0.0, "starting processes")
    assert (0.7, "running") in messages
    assert messages[-1] == (1.0, "done")


@pytest.mark.slow
def test_model_parallel_output_equals_one_process():
    result = run_model_parallel("tiny_vit", [2, 4], 16, repeats=3)
    assert result.max_abs_diff <= TOLERANCE
    assert result.matches
    times = result.stage_times
    assert list(times["stage"]) == [0, 1, 2]
    assert list(times["layers"]) == ["embed … blocks.0", "blocks.1 … blocks.2", "blocks.3 … head"]
    assert (times["compute_s"] > 0).all()
    assert times["recv_s"].iloc[0] == 0 and times["send_s"].iloc[-1] == 0
    # Naive model parallelism: a stage computes only after the one before it has finished.
    forwards = result.events[result.events["kind"] == "forward"].sort_values("stage")
    assert (forwards["start_s"].to_numpy()[1:] >= forwards["end_s"].to_numpy()[:-1]).all()
    assert result.pass_s >= forwards["end_s"].max() - forwards["start_s"].min() - 1e-9


@pytest.mark.slow
def test_data_parallel_gradients_are_in_sync_and_equal_one_process():
    result = run_data_parallel("lenet", 32, 3)
    assert result.in_sync and result.grad_sync_max_diff == 0.0
    assert result.grad_max_diff <= TOLERANCE
    assert result.param_max_diff <= TOLERANCE
    assert result.matches
    steps = result.steps
    assert list(steps["step"]) == [0, 1, 2]
    assert (steps["allreduce_s"] > 0).all()
    assert steps["loss"].iloc[-1] < steps["loss"].iloc[0]  # SGD on one batch lowers its loss
    assert result.step_s > 0 and result.single_step_s > 0


def test_timeout_kills_every_process():
    start = time.perf_counter()
    with pytest.raises(UserFacingError) as caught:
        run_pipeline("lenet", [3], "gpipe", 2, 16, timeout_s=1.0)
    assert caught.value.key == "parallel.error.timeout"
    assert caught.value.values == {"seconds": "1"}
    assert time.perf_counter() - start < 5
    # no_process_left checks that nothing survived


@pytest.mark.slow
def test_a_failing_rank_stops_the_run_at_once():
    start = time.perf_counter()
    with pytest.raises(UserFacingError) as caught:
        launch("sleep", {"seconds": 60, "fail_rank": 1}, 2, timeout_s=60)
    assert caught.value.key == "parallel.error.worker_failed"
    assert caught.value.values == {"rank": 1, "error": "ValueError: rank 1 was asked to fail"}
    assert time.perf_counter() - start < 30  # rank 0 (sleeping 60 s) was killed, not awaited


@pytest.mark.slow
def test_a_killed_rank_is_reported_and_the_others_stopped():
    with Workers("sleep", {"seconds": 60}, 2, timeout_s=60) as workers:
        while not (workers.job_dir / "ready_1").exists():
            time.sleep(0.05)
        os.kill(workers.procs[1].pid, signal.SIGKILL)
        with pytest.raises(UserFacingError) as caught:
            workers.wait()
    assert caught.value.key == "parallel.error.worker_died"
    assert caught.value.values["rank"] == 1
    assert caught.value.values["code"] == -signal.SIGKILL
    assert workers.procs[0].returncode is not None  # rank 0 did not sleep on


@pytest.mark.slow
def test_worker_exception_becomes_a_clear_message():
    with pytest.raises(UserFacingError) as caught:
        run_model_parallel("tests.components.parallel_models:fails_in_workers", [2], 8)
    assert caught.value.key == "parallel.error.worker_failed"
    assert caught.value.values["error"] == "RuntimeError: this model cannot be built in a worker"
    assert "Traceback" not in str(caught.value)


@pytest.mark.slow
def test_interpreter_exit_kills_workers_left_open():
    code = (
        "import os, sys, time\n"
        "from components.parallel.launcher import Workers\n"
        "workers = Workers('sleep', {'seconds': 60}, 2, timeout_s=60).__enter__()\n"
        "while not (workers.job_dir / 'ready_1').exists():\n"
        "    time.sleep(0.05)\n"
        "print(os.getpid(), workers.job_dir, flush=True)\n"
        "sys.exit(0)\n"  # without closing: the exit handler must
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    pid, job_dir = out.stdout.split()
    # Checked at once: the exit handler killed and reaped them before the interpreter ended
    # (the workers' own parent watchdog would take a moment longer).
    assert workers_of(int(pid)) == []
    assert not Path(job_dir).exists()


@pytest.mark.slow
def test_workers_exit_when_their_parent_dies():
    """Even a parent killed without cleanup (no atexit) leaves no worker behind."""
    code = (
        "import os\n"
        "from components.parallel.launcher import Workers\n"
        "workers = Workers('sleep', {'seconds': 60}, 2, timeout_s=60).__enter__()\n"
        "print(os.getpid(), workers.job_dir, flush=True)\n"
        "os._exit(0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    pid, job_dir = out.stdout.split()
    deadline = time.monotonic() + 10
    while (workers_of(int(pid)) or Path(job_dir).exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers_of(int(pid)) == []
    assert not Path(job_dir).exists()  # the workers removed it on their way out
