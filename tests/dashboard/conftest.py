"""AppTest fixtures: the real entry point, a generous timeout, and caches cleared when asked."""

from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.result_cache import ResultCache
from dashboard.shell.live import INLINE_ENV
from dashboard.shell.pages import page_file

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = (
    180  # MiniLM loads and the latency is measured on the first run: far above the 3 s default
)


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Each new AppTest scans every installed package's metadata for Streamlit components
    (about 0.3 s, as long as a light page run). The installed packages do not change during a
    test run: the scan runs once per process."""
    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        scan = functools.cache(manifest_scanner.scan_component_manifests)
        patch.setattr(manifest_scanner, "scan_component_manifests", scan)
        yield


@pytest.fixture(autouse=True)
def finished_runs(monkeypatch):
    """An AppTest reads one finished run: each waits for its background work to end, instead of
    drawing "measuring…" and polling (tests/dashboard/shell/test_live.py covers streaming)."""
    monkeypatch.setenv(INLINE_ENV, str(TIMEOUT))


@pytest.fixture(autouse=True)
def short_gpt_timings(monkeypatch):
    """The code GPT's variant table times its 9 variants in 2 rounds instead of 7: what the
    tests read (the columns, positive rates, fp32 at 1×) does not depend on the count, and the
    page's first run drops from about a minute to about 20 s on a loaded 2-core machine."""
    from dashboard.areas.compress import cache

    monkeypatch.setattr(cache, "LLM_SPEED_ROUNDS", 2)


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    ResultCache.clear_all()


@pytest.fixture
def fresh_caches():
    """Clear every cache (they are process-wide and outlive one AppTest) around a test."""
    clear_caches()
    yield
    clear_caches()


def plotly_figures(at: AppTest) -> list[dict]:
    """The plotly figures of the last run, as dicts (AppTest has no plotly element type)."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def plotly_array(value) -> np.ndarray:
    """A figure array; plotly 7 sends numpy arrays as base64 ``{"dtype", "bdata", "shape"}``."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return array.reshape([int(d) for d in str(shape).split(",")]) if shape else array
    return np.asarray(value)


def shown(markdown: str) -> str:
    """What a reader sees of a message's markdown: the backslash escapes and invisible word
    joiners that :func:`components.i18n.t` puts around untrusted values removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def open_page(app: AppTest, page: str, **params) -> AppTest:
    """Run the app with ``params`` in the URL, switch to the page's script; no exception."""
    for key, value in params.items():
        app.query_params[key] = str(value)
    at = app.run()
    at.switch_page(page_file(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure(at: AppTest, title_part: str) -> dict:
    """The first plotly figure whose title contains ``title_part``."""
    for fig in plotly_figures(at):
        title = (fig.get("layout", {}).get("title") or {}).get("text") or ""
        if title_part in title:
            return fig
    raise AssertionError(f"no figure titled like {title_part!r}")
