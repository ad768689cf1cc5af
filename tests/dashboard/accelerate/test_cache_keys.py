"""The Accelerate caches' keys: defaults spelled out, so that a call that leaves the variant out
and one that names the original share one entry; no computation runs here."""

from __future__ import annotations

from components.pruning import PruneSettings
from components.quantization.hardware import cpu_features
from dashboard.areas.accelerate.cache import (
    ORIGINAL,
    data_parallel_run,
    model_parallel_run,
    peaks,
    pipeline_run,
    prepared,
    sweep_batches,
    sweep_threads,
)

PRUNED = ("prune", PruneSettings("l1_unstructured", 0.5))


def test_prepared_backends_are_keyed_by_model_variant_and_backend_only():
    # ORT keeps the sequence axis dynamic: one export serves every sequence length.
    assert prepared.key("minilm", "onnxruntime", 16) == prepared.key(
        "minilm", "onnxruntime", 128, ORIGINAL
    )
    assert prepared.key("lenet", "eager", None, PRUNED) != prepared.key("lenet", "eager", None)


def test_sweeps_of_batches_and_threads_do_not_collide():
    batch = sweep_batches.key("lenet", ("eager",), (1, 2), 1, None)
    assert batch == sweep_batches.key("lenet", ("eager",), (1, 2), 1, None, ORIGINAL)
    assert batch != sweep_batches.key("lenet", ("eager",), (1, 2), 1, None, PRUNED)
    assert batch != sweep_threads.key("lenet", ("eager",), (1, 2), 1, None)


def test_peaks_are_keyed_by_the_cpu_flags():
    assert peaks.key(2) == (2, cpu_features())


def test_parallel_runs_are_keyed_by_their_kind():
    keys = {
        pipeline_run.key("lenet", (2,), "gpipe", 4, 64),
        model_parallel_run.key("lenet", (2,), 64),
        data_parallel_run.key("lenet", 64),
    }
    assert {key[0] for key in keys} == {"pipeline", "model", "data"}
    assert not data_parallel_run.ready("no_such_model", 64)
