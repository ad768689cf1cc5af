"""Start, watch and always stop the local processes of a parallel run.

Each rank is a fresh ``python -m components.parallel.worker JOB_DIR`` in a session (and process
group) of its own, with the environment ``torchrun`` would give it (RANK, WORLD_SIZE,
MASTER_ADDR, MASTER_PORT …). A fresh interpreter rather than a ``multiprocessing`` child because
spawn re-imports the parent's ``__main__``, which under the dashboard is Streamlit; forking a
threaded server process is unsafe. Ranks report through files in JOB_DIR: ``ready_R`` once the
process group is up, then ``result_R.pt`` or ``error_R.json``.

No process outlives a run: the whole group is killed on timeout, on the first failing rank, on
any exception in the caller (``with`` block), at interpreter exit, and every worker exits by
itself when its parent process disappears.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import torch

from components.errors import UserFacingError
from components.progress import ProgressFn, no_progress

ROOT = Path(__file__).resolve().parents[2]
POLL_S = 0.01  # how often the parent looks at its workers; a run lasts seconds
logger = logging.getLogger(__name__)

_open: set[Workers] = set()  # every Workers not yet closed, for the exit handler
_open_lock = threading.Lock()


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group, then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@atexit.register
def _close_all() -> None:
    with _open_lock:
        workers = list(_open)
    for w in workers:
        w.close()


def live_workers() -> int:
    """How many worker processes this process has running (0 between runs)."""
    with _open_lock:
        return sum(proc.poll() is None for w in _open for proc in w.procs)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, for the rendezvous."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_env(rank: int, world_size: int, port: int) -> dict[str, str]:
    """The environment torchrun would set, plus one thread per process."""
    env = dict(os.environ)
    env.update(
        RANK=str(rank),
        LOCAL_RANK=str(rank),
        WORLD_SIZE=str(world_size),
        LOCAL_WORLD_SIZE=str(world_size),
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
        # One thread each: N processes with 2 OpenMP threads on 2 cores spin-wait on each other.
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        MODELLENS_PARENT_PID=str(os.getpid()),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
    )
    # gloo otherwise connects through whatever address the host name resolves to.
    env.setdefault("GLOO_SOCKET_IFNAME", "lo")
    return env


@dataclass(frozen=True)
class Launch:
    """What the ranks returned, in rank order, and how long the run took."""

    results: list[dict[str, Any]]
    startup_s: float  # until every rank had imported torch and joined the process group
    wall_s: float  # until every rank had finished and written its result


class Workers:
    """``world_size`` worker processes running ``task``; use as a context manager.

    ``with Workers(...) as workers:`` starts them; the body may compute something else while
    they import torch; :meth:`wait` collects their results. Leaving the block kills whatever
    still runs, whatever happened.
    """

    def __init__(
        self,
        task: str,
        config: dict[str, Any],
        world_size: int,
        *,
        timeout_s: float,
        progress: ProgressFn = no_progress,
    ):
        self.task, self.config, self.world_size = task, config, world_size
        self.timeout_s, self.progress = timeout_s, progress
        self.procs: list[subprocess.Popen] = []
        self.job_dir: Path | None = None
        self.started = 0.0

    def __enter__(self) -> Workers:
        self.progress(0.0, "starting processes")
        self.job_dir = Path(tempfile.mkdtemp(prefix="modellens-parallel-"))
        job = {"task": self.task, "config": self.config, "timeout_s": self.timeout_s}
        (self.job_dir / "job.json").write_text(json.dumps(job), encoding="utf-8")
        port = free_port()
        self.started = time.perf_counter()
        with _open_lock:
            _open.add(self)
        try:
            for rank in range(self.world_size):
                with open(self.job_dir / f"log_{rank}.txt", "wb") as log:
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "components.parallel.worker", str(self.job_dir)],
                        cwd=ROOT,
                        env=worker_env(rank, self.world_size, port),
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # its own process group, killed as one
                    )
                self.procs.append(proc)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Kill every worker still running and delete the job folder."""
        for proc in self.procs:
            _kill(proc)
        if self.job_dir is not None:
            shutil.rmtree(self.job_dir, ignore_errors=True)
            self.job_dir = None
        with _open_lock:
            _open.discard(self)

    def wait(self) -> Launch:
        """Block until every rank finished; return their results.

        Raises:
            UserFacingError("parallel.error.timeout"): not done within ``timeout_s`` of the
                start; every worker is killed first.
            UserFacingError("parallel.error.worker_failed" / "parallel.error.worker_died"), or
                the UserFacingError a worker raised: the first rank to fail; the others are
                killed at once instead of waiting for the timeout.
        """
        assert self.job_dir is not None, "use Workers as a context manager"
        deadline = self.started + self.timeout_s
        startup_s = None
        reported_ready = 0
        while True:
            codes = [proc.poll() for proc in self.procs]
            if any(code not in (None, 0) for code in codes):
                self.close_with_error(codes)
            ready = sum((self.job_dir / f"ready_{r}").exists() for r in range(self.world_size))
            if ready != reported_ready:
                reported_ready = ready
                if ready < self.world_size:
                    self.progress(0.7 * ready / self.world_size, "starting processes")
                else:
                    startup_s = time.perf_counter() - self.started
                    self.progress(0.7, "running")
            if all(code == 0 for code in codes):
                break
            if time.perf_counter() > deadline:
                self.close()
                raise UserFacingError("parallel.error.timeout", seconds=f"{self.timeout_s:g}")
            time.sleep(POLL_S)
        wall_s = time.perf_counter() - self.started
        results = [
            torch.load(self.job_dir / f"result_{r}.pt", weights_only=True)
            for r in range(self.world_size)
        ]
        self.progress(1.0, "done")
        return Launch(results, startup_s if startup_s is not None else wall_s, wall_s)

    def close_with_error(self, codes: list[int | None]) -> None:
        """Kill all workers and raise the first failure as a UserFacingError."""
        assert self.job_dir is not None
        reports = []
        for rank in range(self.world_size):
            path = self.job_dir / f"error_{rank}.json"
            if path.exists():
                reports.append(json.loads(path.read_text(encoding="utf-8")) | {"rank": rank})
        logs = {
            rank: (self.job_dir / f"log_{rank}.txt").read_text(encoding="utf-8", errors="replace")
            for rank in range(self.world_size)
        }
        self.close()
        if reports:
            # The earliest error is the cause; the others are usually peers losing it.
            first = min(reports, key=lambda report: report["time"])
            # The page shows one clean line; the traceback goes to the server's log.
            logger.warning("parallel rank %d failed:\n%s", first["rank"], first["traceback"])
            if first.get("key"):
                raise UserFacingError(first["key"], **first["values"])
            raise UserFacingError(
                "parallel.error.worker_failed", rank=first["rank"], error=first["message"]
            )
        rank, code = next((r, c) for r, c in enumerate(codes) if c not in (None, 0))
        lines = logs[rank].strip().splitlines()
        logger.warning("parallel rank %d exited with code %s:\n%s", rank, code, logs[rank])
        raise UserFacingError(
            "parallel.error.worker_died", rank=rank, code=code, detail=lines[-1] if lines else ""
        )


def launch(
    task: str,
    config: dict[str, Any],
    world_size: int,
    *,
    timeout_s: float,
    progress: ProgressFn = no_progress,
) -> Launch:
    """Run ``task`` on ``world_size`` local ranks; return their results (see :class:`Workers`)."""
    with Workers(task, config, world_size, timeout_s=timeout_s, progress=progress) as workers:
        return workers.wait()
