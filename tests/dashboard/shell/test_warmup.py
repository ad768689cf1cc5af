"""The server's warm-up covers what a fresh link shows first: Home's card and every page's
default view, computed under the same keys the pages look up."""

from __future__ import annotations

import pytest

from dashboard.shell.live import INLINE_ENV
from dashboard.shell.url_params import PAGE_PARAMS
from dashboard.shell.warmup import default_views, lesson_warmup_jobs
from tests.dashboard.conftest import open_page


def test_default_views_are_every_pages_parameter_defaults():
    views = {view.page: view for view in default_views()}
    assert set(views) == set(PAGE_PARAMS)
    compress = views["compress"].settings
    assert compress["model"] == "lenet" and compress["technique"] == "prune"
    assert float(compress["amount"]) == 0.5
    assert views["accelerate"].settings["view"] == "backends"


def test_the_warm_up_lists_homes_card_and_the_default_views():
    names = [job.name for job in lesson_warmup_jobs()]
    assert {"lenet card", "lenet card latency"} <= set(names)
    assert {"compress default view", "compress default compare"} <= set(names)
    assert "accelerate default sweep" in names
    assert names.index("lenet card latency") < names.index("compress default view")


@pytest.mark.slow
def test_a_warmed_default_view_opens_without_waiting_for_anything(app, monkeypatch):
    for job in lesson_warmup_jobs():
        if job.name.startswith(("compress default", "lenet card")):
            job.run()
    monkeypatch.setenv(INLINE_ENV, "0")  # anything not computed yet would show "measuring…"
    at = open_page(app, "compress")
    assert not at.get("progress"), [p.proto.text for p in at.get("progress")]
    latency_row = at.dataframe[0].value.iloc[-1]
    assert all(" ms" in cell for cell in latency_row)
