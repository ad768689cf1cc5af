"""The influence and concepts views in a real browser: a drawn digit's proponents, and the TCAV
chart of LeNet beside its pruned variant after one click."""

from __future__ import annotations

import pytest

from tests.browser.helpers import chart_titled, wait_until_idle
from tests.browser.test_explain_browser import draw_stroke

pytestmark = pytest.mark.browser


def test_a_drawn_digit_gets_proponents(server, page, shots):
    page.goto(f"{server}/explain?view=influence&source=draw&inf_k=6")
    page.get_by_text("Draw one digit").wait_for()
    wait_until_idle(page)
    draw_stroke(page, [(112, 30), (112, 100), (112, 190)])  # a "1"
    page.get_by_text("training digits that pushed toward class").first.wait_for()
    wait_until_idle(page)
    page.get_by_text("highest self-influence").wait_for()
    page.screenshot(path=shots / "explain_influence_draw.png", full_page=True)
    # Six proponents, six opponents, sixteen odd digits: each a captioned digit.
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Training-data influence" in text


@pytest.mark.slow
def test_concepts_original_and_pruned(server, page, shots):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{server}/explain?view=concepts&tcav_concepts=thick,loop&tcav_runs=3&pamount=0.5")
    page.get_by_role("button", name="Test the concepts").wait_for()
    wait_until_idle(page)
    page.get_by_role("button", name="Test the concepts").click()
    page.get_by_text("Hollow bars").wait_for(timeout=120_000)
    wait_until_idle(page)
    legend = chart_titled(page, "TCAV score for class 8").inner_text()  # plotly draws it later
    charts = page.locator("[data-testid='stPlotlyChart']").filter(has_text="TCAV score for class 8")
    assert charts.count() == 1
    assert "Original" in legend and "50%" in legend and "random vs random" in legend
    page.screenshot(path=shots / "explain_concepts_pruned.png", full_page=True)
