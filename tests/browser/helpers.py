"""Small Playwright helpers for Streamlit pages."""

from __future__ import annotations


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


def press_slider(page, label: str, key: str, times: int) -> None:
    """Move the slider labelled ``label`` with the keyboard (Playwright cannot drag it reliably)."""
    slider = page.get_by_role("slider", name=label) if label else page.get_by_role("slider")
    slider.first.focus()
    for _ in range(times):
        slider.first.press(key)
