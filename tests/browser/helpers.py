"""Small Playwright helpers for Streamlit pages."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

IDLE_JS = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"] button')
    && !document.querySelector('[data-testid="stProgress"]')"""


def wait_until_idle(page) -> None:
    """Wait until the script run is over and nothing streams in any more: no stale elements, no
    running indicator and no progress note (``dashboard.shell.live`` draws one where a result
    will appear, and the page reruns when it lands).

    While Streamlit reruns, the previous run's elements stay on screen (marked stale); a check
    or screenshot taken then mixes two runs' numbers.
    """
    for _ in range(2):  # the second look catches the rerun that a landed result starts
        page.wait_for_timeout(300)
        page.wait_for_function(IDLE_JS, timeout=120_000)


def click_until_url(page, selector: str, pattern: str, tries: int = 3) -> None:
    """Click ``selector`` until the URL matches ``pattern``, then wait for the run to end.

    On a loaded machine the click's rerun may start after ``wait_until_idle``'s first look, and a
    click that lands while the previous run replaces the element reaches a detached button; so
    wait for the URL itself and click again if it never moved.
    """
    wanted = re.compile(pattern)
    for _ in range(tries):
        page.locator(selector).first.click()
        try:
            page.wait_for_url(wanted, timeout=30_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(page)
    wait_until_idle(page)
    assert wanted.search(page.url), page.url


def press_slider(page, label: str, key: str, times: int) -> None:
    """Move the slider labelled ``label`` with the keyboard (Playwright cannot drag it reliably)."""
    slider = page.get_by_role("slider", name=label) if label else page.get_by_role("slider")
    slider.first.focus()
    for _ in range(times):
        slider.first.press(key)
