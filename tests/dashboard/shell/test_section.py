"""Sections (issue #16) in a page's full run: the page's report is the same as without them
(each figure once, in the page's order, owned by its section), the URL holds every setting, and
no section is left open after the run."""

from __future__ import annotations

from components.report import ReportFigure
from dashboard.shell.report import _RUN_KEY
from dashboard.shell.section import _PATH_KEY
from tests.dashboard.conftest import open_page


def _report(at):
    return at.session_state[_RUN_KEY]


def test_a_pages_sections_own_its_report_items_once_each(app):
    at = open_page(app, "compress", amount="0.5")
    report = _report(at)
    titles = [item.title for item in report.items if isinstance(item, ReportFigure)]
    assert len(titles) >= 5 and len(titles) == len(set(titles)), titles
    owners = set(report._owners)
    assert {"compress/body", "compress/body/layers", "compress/body/pairs"} <= owners, owners
    assert at.session_state[_PATH_KEY] == ""  # every section closed

    at.run()  # a second full run: a new report, the same items
    assert [item.title for item in _report(at).items if isinstance(item, ReportFigure)] == titles


def test_sections_keep_the_url_in_step_with_their_controls(app):
    at = open_page(app, "explain", opacity="0.3")
    assert at.query_params["opacity"] == "0.3"
    at.slider(key="explain_opacity").set_value(0.8).run()
    assert at.query_params["opacity"] == "0.8"
    assert "opacity=0.8" in _report(at).link
