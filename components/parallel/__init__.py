"""Model, pipeline and data parallelism across local processes: the backend of the parallel part
of the Accelerate page (no streamlit here). Charts live in :mod:`components.parallel.charts`.

Names load on first use (PEP 562): every worker process starts with
``python -m components.parallel.worker``, which imports this package first, and nothing heavy
may load before the worker's parent watchdog runs (or an orphan could live for seconds).
"""

from __future__ import annotations

import importlib

# public name → the submodule that defines it
_EXPORTS = {
    "ParallelSettings": "settings",
    "SCHEDULES": "settings",
    "ScheduleInfo": "settings",
    "ScheduleName": "settings",
    "check_split": "layers",
    "sequential_layers": "layers",
    "STAGE_COLUMNS": "stages",
    "default_split": "stages",
    "stage_table": "stages",
    "COMPUTE_KINDS": "schedule",
    "EVENT_COLUMNS": "schedule",
    "bubble_fraction": "schedule",
    "formula_applies": "schedule",
    "formula_bubble": "schedule",
    "ideal_bubble": "schedule",
    "ideal_schedule": "schedule",
    "rank_orders": "schedule",
    "STAGE_TIME_COLUMNS": "model_parallel",
    "ModelParallelResult": "model_parallel",
    "run_model_parallel": "model_parallel",
    "RANK_TIME_COLUMNS": "pipeline",
    "PipelineResult": "pipeline",
    "check_pipeline": "pipeline",
    "run_pipeline": "pipeline",
    "STEP_COLUMNS": "data_parallel",
    "DataParallelResult": "data_parallel",
    "run_data_parallel": "data_parallel",
    "live_workers": "launcher",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
