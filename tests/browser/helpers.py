"""Small Playwright helpers for Streamlit pages."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout


def wait_until_idle(page) -> None:
    """Wait until the script run is over: no stale elements and no running indicator.

    While Streamlit reruns, the previous run's elements stay on screen (marked stale); a check
    or screenshot taken then mixes two runs' numbers.
    """
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')
              && !document.querySelector('[data-testid="stStatusWidget"] button')""",
        timeout=120_000,
    )


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
