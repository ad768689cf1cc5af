"""Sections in a real browser (issue #16): a control inside a section reruns that section only,
the URL follows it, and a slider the section drew again after a view without it comes back with
its value (Streamlit forgets a widget that a run did not draw; the section restores it)."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import streamlit_server
from tests.browser.helpers import slide_until_url, until_url

pytestmark = pytest.mark.browser  # it drives Chromium (the fast tier leaves browser tests out)


@pytest.fixture(scope="module")
def section_server():
    # streamlit_server gives the app this checkout's packages (own_code_env)
    with streamlit_server(
        "server_sections.log", dict(os.environ), "tests/browser/section_app.py"
    ) as url:
        yield url


def _slider_text(page) -> list[str]:
    """The slider's label, value and bounds as drawn (its thumb shows the value)."""
    return page.locator("[data-testid='stSlider']").first.inner_text().split()


def _count(page, what: str) -> int:
    text = page.get_by_text(re.compile(rf"^{what}: \d+$")).inner_text()
    return int(text.split(": ")[1])


def test_a_control_in_a_section_reruns_only_the_section(section_server, page):
    page.goto(f"{section_server}/?n=4")
    page.get_by_text("section runs: 1").wait_for()
    assert _slider_text(page)[:4] == ["Number", "4", "0", "9"]
    slide_until_url(page, "Number", "ArrowRight", 1, r"n=5")
    page.get_by_text(re.compile(r"^section runs: [2-9]$")).wait_for()
    assert _count(page, "page runs") == 1  # the rest of the page did not run again

    until_url(page, lambda: page.get_by_text("b", exact=True).click(), r"view=b")
    assert page.get_by_role("slider", name="Number").count() == 0
    until_url(page, lambda: page.get_by_text("a", exact=True).click(), r"view=a")
    page.get_by_role("slider", name="Number").wait_for()
    page.wait_for_timeout(500)  # the value arrives with the run that draws the slider
    assert _slider_text(page)[:4] == ["Number", "5", "0", "9"]  # not the default 2
    assert "n=5" in page.url
    assert _count(page, "page runs") == 1


def test_an_inner_section_reruns_alone_and_the_outer_one_still_commits(section_server, page):
    page.goto(f"{section_server}/?m=6")
    page.get_by_text("inner runs: 1").wait_for()
    sections = _count(page, "section runs")
    slide_until_url(page, "Inner", "ArrowLeft", 1, r"m=5")
    page.get_by_text(re.compile(r"^inner runs: [2-9]$")).wait_for()
    assert _count(page, "section runs") == sections  # the outer section did not run
    # The outer section's own run after the inner one's: it still writes the URL.
    slide_until_url(page, "Number", "ArrowRight", 1, r"n=3")
    assert "m=5" in page.url and _count(page, "page runs") == 1
