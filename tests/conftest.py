"""Test-wide settings: offline, deterministic, quiet; and shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from tests.machine_share import machine_share, scope_of

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# No background warm-up of the lessons (components.warmup) in AppTest runs or in the browser
# tests' server, which inherits this; a test that wants it sets MODELLENS_WARMUP=1 itself.
os.environ.setdefault("MODELLENS_WARMUP", "0")
# Under pytest-xdist three workers share two cores: OpenMP threads of one worker that wait for
# each other spin while another worker holds the core. One torch thread each; a test about thread
# counts sets its own.
if os.environ.get("PYTEST_XDIST_WORKER"):
    torch.set_num_threads(1)


def pytest_xdist_make_scheduler(config, log):
    """Schedule by :func:`tests.machine_share.scope_of` (xdist's own ``xdist_group`` mark does
    nothing under pytest 9: it renames node ids through an attribute pytest no longer reads)."""
    from xdist.scheduler import LoadScopeScheduling

    class Scopes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return Scopes(config, log)


NEXT_ITEM = pytest.StashKey["pytest.Item | None"]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    item.stash[NEXT_ITEM] = nextitem  # machine_share keeps an exclusive hold for a timed next
    return (yield)


@pytest.fixture(autouse=True)
def machine_share_lock(request):
    """Under pytest-xdist a ``timed`` test has the machine to itself (``tests/machine_share``)."""
    share = machine_share()
    if share is None:
        yield
        return
    share.enter(timed=request.node.get_closest_marker("timed") is not None)
    nextitem = request.node.stash.get(NEXT_ITEM, None)
    try:
        yield
    finally:
        share.leave(keep=nextitem is not None and nextitem.get_closest_marker("timed") is not None)


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


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium per test process: Playwright's sync API allows one instance
    per thread, and the browser and deploy tests share a worker under xdist."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
