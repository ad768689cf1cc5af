"""Share links recorded before the dashboard took its one-shape layout (``areas/<area>/``) open
the same views: every page setting holds the value it held then, and the page writes back the
same URL (plus any parameter added since, at its default).
``tests/data/share_links_before_move.json`` was recorded from the old layout (one link per page
and view, links with every kind of setting, and every lesson's link from Home).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.shell.pages import PAGES, page_file
from dashboard.shell.url_params import PAGE_PARAMS
from tests.dashboard.conftest import APP, TIMEOUT

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]

RECORDED = json.loads(
    (Path(__file__).parents[2] / "data" / "share_links_before_move.json").read_text()
)
SHARED = {"lang": "en", "seed": "0"}


def plain(value):
    """A widget value as the recording stored it (tuples as lists)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def query(link: str) -> dict[str, str]:
    params = dict(SHARED)
    for part in filter(None, link.partition("?")[2].split("&")):
        key, _, value = part.partition("=")
        params[key] = value.replace("%3D", "=")
    return params


def test_every_recorded_page_keeps_its_url_path():
    assert {r["page"] for r in RECORDED} == set(PAGES)
    assert len(RECORDED) >= 30


def _defaults(page: str, keys: set[str]) -> dict[str, str]:
    """The URL text of ``page``'s parameters ``keys`` at their defaults."""
    return {p.key: p.encode(p.default) for p in PAGE_PARAMS.get(page, []) if p.key in keys}


@pytest.mark.parametrize("record", RECORDED, ids=[r["link"] for r in RECORDED])
def test_recorded_link_opens_the_same_view(record):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query(record["link"]).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page_file(record["page"])).run()
    assert not at.exception, [e.value for e in at.exception]
    written = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    # Keys added to a page since then are written at their defaults; the rest is as recorded.
    added = {k: v for k, v in written.items() if k not in record["url"]}
    assert added == _defaults(record["page"], set(added))
    assert {k: v for k, v in written.items() if k in record["url"]} == record["url"]
    own = {f"{record['page']}_{p.key}" for p in PAGE_PARAMS.get(record["page"], [])}
    recorded = {k: v for k, v in record["state"].items() if k in own}
    assert recorded or record["page"] == "home"
    assert {k: plain(at.session_state[k]) for k in recorded} == recorded
