"""One rank of a parallel run: ``python -m components.parallel.worker JOB_DIR``.

Started by :mod:`components.parallel.launcher` on this machine, or by ``torchrun`` on several
(it reads the same RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT variables). Reads
``JOB_DIR/job.json``, runs the task's ``rank_main(config, rank, world_size)`` inside a gloo
process group and writes ``result_RANK.pt``, or ``error_RANK.json`` with a readable message.

Imports stay minimal (torch only inside :func:`main`, after the parent watchdog started): every
millisecond of start-up is paid once per process and per run.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import threading
import time
import traceback
from datetime import timedelta
from pathlib import Path

# task name → "module:function" run on every rank (imported only in the worker that needs it)
TASKS = {
    "model_parallel": "components.parallel.model_parallel:rank_main",
    "pipeline": "components.parallel.pipeline:rank_main",
    "data_parallel": "components.parallel.data_parallel:rank_main",
    "sleep": "components.parallel.worker:sleep_main",
}


def sleep_main(config: dict, rank: int, world_size: int) -> dict:
    """A task that only waits (``config["seconds"]``), or fails (``config["fail_rank"]``):
    what the launcher's timeout and error tests run."""
    if config.get("fail_rank") == rank:
        raise ValueError(f"rank {rank} was asked to fail")
    time.sleep(float(config.get("seconds", 0.0)))
    return {"rank": rank, "world_size": world_size}


def _exit_with_parent(job_dir: Path) -> None:
    """Exit as soon as the launching process is gone, so no worker is ever orphaned, and
    delete the job folder that the parent can no longer clean up."""
    parent = os.environ.get("MODELLENS_PARENT_PID")
    if parent is None:  # started by torchrun, which watches its workers itself
        return

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(0.2)
        shutil.rmtree(job_dir, ignore_errors=True)
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _error_report(exc: BaseException) -> dict:
    from components.errors import UserFacingError

    report: dict = {"time": time.time(), "traceback": traceback.format_exc()}
    if isinstance(exc, UserFacingError):
        return report | {"key": exc.key, "values": {k: str(v) for k, v in exc.values.items()}}
    first_line = (str(exc).strip().splitlines() or [""])[0][:300]
    return report | {"message": f"{type(exc).__name__}: {first_line}".rstrip(": ")}


def main(argv: list[str]) -> int:
    job_dir = Path(argv[1])
    rank, world_size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    _exit_with_parent(job_dir)  # before importing torch, which takes seconds an orphan would live
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    try:
        job = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
        module_name, function = TASKS[job["task"]].split(":")
        task = getattr(importlib.import_module(module_name), function)
        dist.init_process_group(
            "gloo",
            rank=rank,
            world_size=world_size,
            timeout=timedelta(seconds=float(job["timeout_s"])),
        )
        (job_dir / f"ready_{rank}").touch()
        result = task(job["config"], rank, world_size)
        partial = job_dir / f"result_{rank}.pt.part"
        torch.save(result, partial)
        partial.replace(job_dir / f"result_{rank}.pt")  # complete, or absent
        dist.destroy_process_group()
    except BaseException as exc:
        text = json.dumps(_error_report(exc))
        (job_dir / f"error_{rank}.json.part").write_text(text, encoding="utf-8")
        (job_dir / f"error_{rank}.json.part").replace(job_dir / f"error_{rank}.json")
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown: unloading torch took 0.8 s here, after the result was
    # already safe on disk.
    os._exit(code)
