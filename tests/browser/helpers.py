"""Small Playwright helpers for Streamlit pages."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# The app root carries the script's run state (Streamlit's own end-to-end tests wait on it). The
# toolbar's running indicator is no signal: it appears only after a run has lasted 500 ms, so a
# short rerun (a result landing in the cache) looked idle while it was still drawing.
IDLE_JS = """() => document.querySelector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]'
    )
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stProgress"]')"""


def wait_until_idle(page) -> None:
    """Wait until the script run is over and nothing streams in any more: the app says its
    script is not running, and there are no stale elements and no progress note
    (``dashboard.shell.live`` draws one where a result will appear, and the page reruns when it
    lands).

    While Streamlit reruns, the previous run's elements stay on screen (marked stale); a check
    or screenshot taken then mixes two runs' numbers.
    """
    for _ in range(2):  # the second look catches the rerun that a landed result starts
        page.wait_for_timeout(300)
        page.wait_for_function(IDLE_JS, timeout=120_000)


def until_url(page, act: Callable[[], None], pattern: str, tries: int = 3) -> None:
    """Do ``act()`` (a click, a pick) until the URL matches ``pattern``, then wait for the run
    to end.

    On a loaded machine an action's rerun may start after ``wait_until_idle``'s first look, and
    an action that lands while the previous run replaces the element reaches a detached one; so
    wait for the URL itself and act again if it never moved (every action here is idempotent).
    """
    wanted = re.compile(pattern)
    for _ in range(tries):
        act()
        try:
            page.wait_for_url(wanted, timeout=30_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(page)
    wait_until_idle(page)
    assert wanted.search(page.url), page.url


def click_until_url(page, selector: str, pattern: str, tries: int = 3) -> None:
    """Click ``selector`` until the URL matches ``pattern`` (see :func:`until_url`)."""
    until_url(page, lambda: page.locator(selector).first.click(), pattern, tries)


def pick_option(page, box, option: str, tries: int = 3) -> None:
    """Open the select box ``box`` (a locator) and pick ``option``.

    A rerun that lands while the list is open redraws the box and closes the list, and the
    option never shows; a student would open it again, and so does this.
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(tries):
        box.click()
        try:
            wanted.click(timeout=15_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            wait_until_idle(page)


def press_slider(page, label: str, key: str, times: int) -> None:
    """Move the slider labelled ``label`` with the keyboard (Playwright cannot drag it reliably)."""
    slider = page.get_by_role("slider", name=label) if label else page.get_by_role("slider")
    slider.first.focus()
    for _ in range(times):
        slider.first.press(key)


def slide_until_url(page, label: str, key: str, times: int, pattern: str, tries: int = 3) -> None:
    """Move a slider like :func:`press_slider` until the URL matches ``pattern``.

    A key press that lands while a streamed result reruns the page can be lost (the slider
    is redrawn from the server's value before the browser has sent its own); a student would
    press again, and so does this, from wherever the slider now stands.
    """
    wanted = re.compile(pattern)
    slider = page.get_by_role("slider", name=label).first
    start = slider.get_attribute("aria-valuenow")
    press_slider(page, label, key, times)
    target = slider.get_attribute("aria-valuenow")
    for _ in range(tries):
        try:
            page.wait_for_url(wanted, timeout=30_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(page)
            now = slider.get_attribute("aria-valuenow")
            if now == start:  # the press was lost: press again
                press_slider(page, label, key, times)
            elif now == target:  # drawn moved, never sent: send it again by stepping off and back
                back = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}.get(key)
                if back is not None:
                    press_slider(page, label, back, 1)
                    press_slider(page, label, key, 1)
    wait_until_idle(page)
    assert wanted.search(page.url), page.url


def chart_titled(page, text: str, timeout: int = 60_000):
    """The first plotly chart whose title contains ``text``, once plotly.js has drawn it (a
    Playwright locator: it finds the chart again at each use).

    Find a chart by its title, not by its place: plotly.js draws after the script run is over,
    and each chart element mounts when its own lazily loaded code is ready, so for a moment the
    page's first chart in the DOM can be any of them (in a CI run, the Fuse page's speech-noise
    curve instead of its accuracy bars).
    """
    title = page.locator(".gtitle").filter(has_text=text)
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has=title).first
    chart.wait_for(timeout=timeout)
    return chart
