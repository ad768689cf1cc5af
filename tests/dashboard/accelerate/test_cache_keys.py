"""The Accelerate caches' keys: defaults spelled out, so that a call that leaves the variant out
and one that names the original share one entry; a longer sweep reuses its measured points. No
model is timed here."""

from __future__ import annotations

import pandas as pd

from components.pruning import PruneSettings
from components.quantization.hardware import cpu_features
from dashboard.areas.accelerate.cache import (
    ORIGINAL,
    batch_point,
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


def test_a_longer_sweep_measures_only_its_new_points(monkeypatch):
    from dashboard.areas.accelerate import cache

    measured = []

    def fake_sweep(prepared_by_backend, spec, model, batches, threads, seq_len, progress):
        measured.extend(batches)
        return pd.DataFrame({"backend": list(prepared_by_backend), "batch": batches[0]})

    monkeypatch.setattr(cache, "batch_sweep", fake_sweep)
    monkeypatch.setattr(cache, "prepared", lambda *args: object())
    backends, name = ("fake_backend",), "lenet"  # keys no page test measures
    try:
        first = sweep_batches(name, backends, (1, 2), 1, None)
        longer = sweep_batches(name, backends, (1, 2, 4), 1, None)
        assert measured == [1, 2, 4]  # 1 and 2 reused
        assert list(first["batch"]) == [1, 2] and list(longer["batch"]) == [1, 2, 4]
        assert list(cache.sweep_so_far(name, backends, (1, 2, 4, 8), 1, None)["batch"]) == [1, 2, 4]
        assert len(cache.sweep_entries(name, backends, (1, 2), 1, None)) == 3  # 2 points + whole
    finally:
        for batch in (1, 2, 4):
            batch_point.entry(name, backends, batch, 1, None).discard()
        for batches in ((1, 2), (1, 2, 4)):
            sweep_batches.entry(name, backends, batches, 1, None).discard()


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
