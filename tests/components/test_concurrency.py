"""Many sessions, one cached model: every explanation method, pruning and quantization run from
8 threads on the SAME model object (as ``st.cache_resource`` shares it) while plain inference
runs beside them, and every result equals the serial one.

Before private copies, DeepLift or LRP beside plain inference on one shared model broke about
98 % of the other thread's predictions: captum swaps hooks into the modules it explains.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest
import torch
from torch import nn

from components.explain import ATTRIBUTION_METHODS, explain, predict_topk
from components.pruning import PRUNE_METHODS, PruneSettings, prune_model
from components.quantization import QUANT_METHODS, QuantSettings, quantize_model
from components.shared_models import fingerprint, leftover_hooks
from models.data import load_digits_split
from models.registry import get_spec, load_model

THREADS = 8
READERS = 2
# Light settings for a test that runs every method many times; defaults elsewhere.
LIGHT = {
    "integrated_gradients": {"steps": 16},
    "smoothgrad": {"samples": 8},
    "occlusion": {"window": 8, "stride": 4},
    "lime": {"samples": 60},
    "kernel_shap": {"samples": 60},
}
STOCHASTIC = {name for name, info in ATTRIBUTION_METHODS.items() if info.stochastic}

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore::UserWarning"),  # captum's hook notices
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),  # torch.ao.quantization
]

Job = Callable[[], object]


@pytest.fixture(scope="module")
def shared() -> nn.Module:
    """One model object for every thread, like ``dashboard.shared.resources.shared_model``."""
    return load_model("lenet")


def digit(i: int) -> torch.Tensor:
    return load_digits_split().x_test[i : i + 1].clone()


def outputs(model: nn.Module, batch: torch.Tensor) -> np.ndarray:
    with torch.no_grad():
        return model(batch).float().numpy()


def jobs(model: nn.Module) -> dict[str, Job]:
    """Every explanation method (on two digits), every pruning method and every quantization
    method, each returning what a page would draw from it."""
    spec = get_spec("lenet")
    batch = load_digits_split().x_test[:32]
    table: dict[str, Job] = {}
    for i in (0, 1):
        x = digit(i)
        target = predict_topk(model, x, 1)[0][0]
        for method in ATTRIBUTION_METHODS:
            table[f"explain/{method}/{i}"] = lambda x=x, t=target, m=method: (
                explain(model, x, t, m, LIGHT.get(m)).attribution
            )
    for method in PRUNE_METHODS:
        settings = PruneSettings(method, 0.5, seed=3)
        table[f"prune/{method}"] = lambda s=settings: outputs(
            prune_model(model, spec, s).model, batch
        )
    for method in QUANT_METHODS:
        settings = QuantSettings(method, calibration_batches=2)
        table[f"quantize/{method}"] = lambda s=settings: outputs(
            quantize_model(model, spec, s).model, batch
        )
    return table


def same(name: str, got: object, want: object) -> bool:
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return False
    if name.split("/")[1] in STOCHASTIC:  # seeded: equal up to float noise
        return bool(np.allclose(got, want, rtol=1e-5, atol=1e-6))
    return bool(np.array_equal(got, want))


@pytest.mark.slow
def test_every_method_from_eight_threads_beside_inference_matches_serial(shared):
    before = fingerprint(shared)
    was_training = shared.training
    table = jobs(shared)
    assert {n.split("/")[1] for n in table if n.startswith("explain/")} == set(ATTRIBUTION_METHODS)
    serial = {name: job() for name, job in table.items()}
    assert fingerprint(shared) == before and leftover_hooks(shared) == 0

    batch = load_digits_split().x_test[:64]
    expected = outputs(shared, batch)
    errors: list[tuple[str, BaseException]] = []
    differences: list[tuple[int, str]] = []
    hooks_seen = wrong = predictions = 0
    done = threading.Event()
    guard = threading.Lock()
    names = list(table)

    def worker(w: int) -> None:
        # Each thread walks the table from its own starting point: every method overlaps with
        # every other one (and with itself) at some moment.
        order = names[w * len(names) // THREADS :] + names[: w * len(names) // THREADS]
        for name in order:
            try:
                got = table[name]()
            except BaseException as exc:
                with guard:
                    errors.append((name, exc))
                continue
            if not same(name, got, serial[name]):
                with guard:
                    differences.append((w, name))

    def reader() -> None:
        nonlocal hooks_seen, wrong, predictions
        while not done.is_set():
            try:
                got = outputs(shared, batch)
            except BaseException as exc:
                with guard:
                    errors.append(("inference", exc))
                continue
            with guard:
                predictions += 1
                wrong += not np.allclose(got, expected, rtol=1e-5, atol=1e-6)
                hooks_seen += leftover_hooks(shared) > 0

    readers = [threading.Thread(target=reader, daemon=True) for _ in range(READERS)]
    workers = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(THREADS)]
    start = time.perf_counter()
    for thread in readers + workers:
        thread.start()
    for thread in workers:
        thread.join(120)
    done.set()
    for thread in readers:
        thread.join(10)
    seconds = time.perf_counter() - start
    assert not any(t.is_alive() for t in workers + readers), "a thread hung"
    print(
        f"{THREADS} threads × {len(table)} jobs + {READERS} inference threads in {seconds:.1f} s: "
        f"{len(errors)} exceptions, {len(differences)} differences, {wrong}/{predictions} wrong "
        f"predictions, hooks seen on the shared model {hooks_seen} times"
    )
    summary = collections.Counter(f"{name}: {type(e).__name__}: {e}"[:160] for name, e in errors)
    assert errors == [], summary.most_common(12)
    assert differences == [], collections.Counter(name for _, name in differences)
    assert predictions > 0 and wrong == 0
    assert hooks_seen == 0
    assert leftover_hooks(shared) == 0
    assert fingerprint(shared) == before
    assert shared.training == was_training
    assert all(p.grad is None for p in shared.parameters())


def flat(model: nn.Module) -> np.ndarray:
    return torch.cat([p.detach().flatten() for p in model.parameters()]).numpy()


def close(got: object, want: object) -> bool:
    """Equal up to float noise: a shifted random stream changes results far beyond it."""
    got, want = np.asarray(got), np.asarray(want)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-5, atol=1e-6))


@pytest.mark.slow
def test_training_beside_seeded_sampling_matches_serial(shared):
    """Live training (a distillation, a fusion retrain, a parallel run's model build) seeds the
    initial weights it draws from torch's global generator. Beside it, SmoothGrad, LIME and
    random pruning in other threads must give their serial results, and so must the training
    runs themselves (an unlocked reseed or draw would shift one stream or the other)."""
    from components.distillation import DistillSettings, distill
    from components.fusion.training import retrain
    from components.parallel.layers import build_model

    spec = get_spec("lenet")
    x = digit(0)
    target = predict_topk(shared, x, 1)[0][0]
    batch = load_digits_split().x_test[:32]
    table: dict[str, Job] = {
        "explain/smoothgrad": lambda: (
            explain(shared, x, target, "smoothgrad", LIGHT["smoothgrad"]).attribution
        ),
        "explain/lime": lambda: explain(shared, x, target, "lime", LIGHT["lime"]).attribution,
        "prune/random_unstructured": lambda: outputs(
            prune_model(shared, spec, PruneSettings("random_unstructured", 0.5, seed=3)).model,
            batch,
        ),
        "train/distill": lambda: flat(
            distill(shared, spec, DistillSettings(width=0.1, epochs=1, seed=2)).student
        ),
        "train/fusion": lambda: flat(retrain("image_only", 1, 8, seed=4).model),
        "train/build": lambda: outputs(build_model("lenet")[0], batch),
    }
    serial = {name: job() for name, job in table.items()}
    names = list(table)
    results: dict[tuple[int, str], object] = {}
    errors: list[tuple[str, BaseException]] = []

    def worker(w: int) -> None:
        for name in names[w:] + names[:w]:  # every job overlaps with every other at some point
            try:
                results[w, name] = table[name]()
            except BaseException as exc:
                errors.append((name, exc))

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(240)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == []
    assert len(results) == len(names) ** 2
    differing = sorted({name for (_, name), got in results.items() if not close(got, serial[name])})
    assert differing == []


def test_fx_tracing_leaves_other_threads_alone(shared):
    """torch.fx patches nn.Module for the whole process while it traces (components.runtime)."""
    batch = load_digits_split().x_test[:8]
    expected = outputs(shared, batch)
    stop = threading.Event()
    errors: list[BaseException] = []
    traces = 0

    def tracer() -> None:
        nonlocal traces
        while not stop.is_set():
            graph = torch.fx.symbolic_trace(load_model("lenet"))
            assert any(node.op == "call_module" for node in graph.graph.nodes)
            traces += 1

    threads = [threading.Thread(target=tracer, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(200):
            try:
                assert np.array_equal(outputs(shared, batch), expected)
            except BaseException as exc:
                errors.append(exc)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert traces > 0
    assert errors == []
    assert torch.nn.Module.__call__ is torch.fx._symbolic_trace._orig_module_call  # all undone


def test_torch_threads_are_set_once_for_the_server(monkeypatch):
    import components.runtime as runtime

    monkeypatch.setattr(runtime, "_configured", None)
    monkeypatch.delenv(runtime.THREADS_ENV, raising=False)
    before = torch.get_num_threads()
    try:
        assert runtime.configure_torch() == runtime.DEFAULT_THREADS == 1
        torch.set_num_threads(2)  # a sweep that forgot to restore, or another session's setting
        assert runtime.configure_torch(threads=4) == 1  # chosen once; reapplied on every run
        assert torch.get_num_threads() == 1
        seen: list[int] = []
        worker = threading.Thread(target=lambda: seen.append(runtime.configure_torch()))
        worker.start()
        worker.join()
        assert seen == [1]
        monkeypatch.setattr(runtime, "_configured", None)
        monkeypatch.setenv(runtime.THREADS_ENV, "2")
        assert runtime.configure_torch() == 2
    finally:
        torch.set_num_threads(before)
