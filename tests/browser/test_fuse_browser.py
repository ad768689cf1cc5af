"""The Fuse page in a real browser: move the image-noise slider and see the accuracy bars follow."""

from __future__ import annotations

import pytest

from tests.browser.helpers import chart_titled, press_slider, wait_until_idle

pytestmark = pytest.mark.browser


def test_noise_slider_changes_the_accuracy_chart(server, page, shots):
    page.goto(f"{server}/fuse?view=robustness")
    page.get_by_text("Fuse: image").first.wait_for()  # the first run on a cold server is slow
    wait_until_idle(page)
    before = chart_titled(page, "Test accuracy at image σ 1.3").inner_html()
    page.screenshot(path=shots / "fuse_robustness.png", full_page=True)
    press_slider(page, "Image noise σ (pixels)", "ArrowRight", 15)  # 1.3 → 2.8
    page.wait_for_function("() => location.search.includes('sigma=2.8')")
    wait_until_idle(page)
    after = chart_titled(page, "Test accuracy at image σ 2.8").inner_html()
    assert after != before
    assert "sigma=2.8" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "fuse_robustness_noisy.png", full_page=True)


@pytest.mark.parametrize("view", ["sample", "attribution", "attention"])
def test_views_draw_their_charts(server, page, shots, view):
    page.goto(f"{server}/fuse?view={view}&index=5&clip=3")
    page.get_by_text("Fuse: image").first.wait_for()
    wait_until_idle(page)
    page.get_by_text("Image of a 1").first.wait_for()
    page.wait_for_timeout(1000)
    charts = page.locator("[data-testid='stPlotlyChart']")
    charts.nth(2).wait_for()
    wait_until_idle(page)
    assert charts.count() >= 3
    # a drawn plotly chart has an svg; an empty grey box (a figure plotly.js rejected) has none
    for i in range(charts.count()):
        charts.nth(i).locator("svg.main-svg").first.wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / f"fuse_{view}.png", full_page=True)
