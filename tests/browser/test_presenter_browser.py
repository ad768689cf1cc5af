"""Presenter mode in a real browser: what a projector shows, measured in CSS pixels.

Body text ≥ 20 px, chart text ≥ 18 px (as drawn: computed size × the element's CSS zoom), the
sidebar folded; explanation maps and digits ≥ 300 px wide.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import wait_until_idle

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const px = (el) => parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom || 1);
  const body = [...main.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
    .filter((el) => el.getBoundingClientRect().height > 0).map(px);
  const captions = [...main.querySelectorAll('[data-testid="stCaptionContainer"]')].map(px);
  const chart = [...main.querySelectorAll('.js-plotly-plot .main-svg text')]
    .filter((el) => el.textContent.trim() && el.getBoundingClientRect().height > 0).map(px);
  const subs = [...main.querySelectorAll('.js-plotly-plot .main-svg text tspan')]
    .filter((el) => el.textContent.trim() && el.getBoundingClientRect().height > 0).map(px);
  const grid = main.querySelector('.st-key-explain_grid') || main;
  const maps = [...grid.querySelectorAll('.heatmaplayer image')]
    .map((el) => el.getBoundingClientRect().width);
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return {body, captions, chart, subs, maps,
          sidebar: sidebar ? sidebar.getAttribute('aria-expanded') : null,
          sidebarWidth: sidebar ? sidebar.getBoundingClientRect().right : 0};
}"""


def test_presenter_mode_sizes(server, page, shots):
    page.goto(f"{server}/explain?present=1&model=lenet&view=attributions")
    page.locator(".st-key-explain_grid .heatmaplayer image").first.wait_for()
    wait_until_idle(page)
    page.wait_for_timeout(1500)  # the sidebar's folding animation
    sizes = page.evaluate(MEASURE)
    page.screenshot(path=shots / "presenter_explain.png", full_page=True)
    assert sizes["body"] and min(sizes["body"]) >= 20, sizes["body"]
    assert sizes["captions"] and min(sizes["captions"]) >= 20, sizes["captions"]
    assert sizes["chart"] and min(sizes["chart"]) >= 18, sorted(set(sizes["chart"]))[:5]
    assert not sizes["subs"] or min(sizes["subs"]) >= 18, sorted(set(sizes["subs"]))[:5]
    assert sizes["sidebar"] == "false" or sizes["sidebarWidth"] <= 1, sizes
    assert page.locator("[data-testid='stException']").count() == 0


def test_presenter_mode_maps_are_300_px(server, page, shots):
    page.goto(f"{server}/explain?present=1&model=lenet&view=attributions")
    page.locator(".st-key-explain_grid .heatmaplayer image").first.wait_for()
    wait_until_idle(page)
    sizes = page.evaluate(MEASURE)
    page.screenshot(path=shots / "presenter_explain_maps.png", full_page=True)
    assert len(sizes["maps"]) >= 4 and min(sizes["maps"]) >= 300, sizes["maps"]


def test_presenter_mode_off_keeps_the_normal_sizes(server, page):
    page.goto(f"{server}/explain?present=0&model=lenet&view=attributions")
    page.locator(".st-key-explain_grid .heatmaplayer image").first.wait_for()
    wait_until_idle(page)
    sizes = page.evaluate(MEASURE)
    assert max(sizes["body"]) < 20 and min(sizes["maps"]) < 300
    assert sizes["sidebar"] != "false"


DIGITS = """(chart) => [...document.querySelectorAll(chart + ' .heatmaplayer image')]
  .map((el) => Math.round(el.getBoundingClientRect().width))"""


@pytest.mark.parametrize(
    ("url", "chart"),
    [
        ("?present=1&model=lenet", ".st-key-home_samples_chart"),
        ("explain?present=1&model=lenet", ".st-key-explain_preview"),
        ("fuse?present=1&view=sample", "[class*='st-key-'][class*='_image']"),
    ],
    ids=["home", "explain", "fuse"],
)
def test_presenter_mode_digits_are_300_px(server, page, url, chart):
    """Home's sample digits, Explain's input and Fuse's pair images, as a projector shows them."""
    page.goto(f"{server}/{url}")
    page.locator(f"{chart} .heatmaplayer image").first.wait_for(state="attached")
    wait_until_idle(page)
    widths = page.evaluate(DIGITS, chart)
    assert widths and min(widths) >= 300, widths
