"""Test-wide settings: offline, deterministic, quiet; and shared fixtures."""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# No background warm-up of the lessons (components.warmup) in AppTest runs or in the browser
# tests' server, which inherits this; a test that wants it sets MODELLENS_WARMUP=1 itself.
os.environ.setdefault("MODELLENS_WARMUP", "0")


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist every browser test goes to one worker: they share one app server and
    its caches (the Chinese lesson walk reads the English walk's measurements), and a second
    server would pay every cold start again. Other tests are scheduled one by one.

    (xdist's own ``xdist_group`` mark does nothing under pytest 9: it renames node ids through
    an attribute pytest no longer reads.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserTestsTogether(config, log)


@pytest.fixture(autouse=True)
def machine_share(request):
    """Under pytest-xdist, a ``timed`` test has the machine to itself.

    It asserts how timings compare (two threads against one, a backend against its peak), and
    another worker's test on the other core would decide the outcome. Every test holds a shared
    lock on one file per run; a ``timed`` one holds it exclusively, so it waits for the running
    test of the other worker and the other worker waits for it. Without xdist: nothing.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        yield
        return
    exclusive = request.node.get_closest_marker("timed") is not None
    path = Path(tempfile.gettempdir()) / f"modellens-tests-{run}.lock"
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def one_thread():
    """One torch thread for a module (opt in with ``pytest.mark.usefixtures("one_thread")``).

    Tiny models gain little from a second thread, and on a shared 2-core machine two OpenMP
    threads that wait for each other ran 10× slower whenever another process was busy.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# Fake /proc/cpuinfo files of the CPU kinds that CI and development machines have been seen to be.
CPUINFO_DIR = Path(__file__).parent / "data" / "cpuinfo"
FAKE_CPUS = ("xeon_sapphire_rapids", "epyc_avx2")  # AMX + AVX512-FP16, and AVX2 only


@pytest.fixture(params=FAKE_CPUS)
def fake_cpu(request, monkeypatch):
    """Run a test once as each CPU kind: ``MODELLENS_CPUINFO`` names its fake cpuinfo for the
    test (the app reads it instead of the host's), and the fixture is its ``CpuFeatures``."""
    from components.quantization.hardware import CPUINFO_ENV, cpu_features

    path = CPUINFO_DIR / f"{request.param}.txt"
    monkeypatch.setenv(CPUINFO_ENV, str(path))
    return cpu_features(path)
