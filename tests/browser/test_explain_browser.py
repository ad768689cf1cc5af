"""The Explain page in a real browser: draw a digit on the canvas and see the saliency follow."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.helpers import chart_titled, wait_until_idle

pytestmark = pytest.mark.browser


def draw_stroke(page, points) -> None:
    """Drag the mouse through ``points`` (canvas pixels) on the drawable canvas. Fabric.js listens
    on its "upper" canvas and drops a stroke whose events come faster than it renders: hover
    first and pause between moves, as a hand would."""
    canvas = page.locator("[data-testid='stMain'] canvas.upper-canvas")
    canvas.wait_for()
    canvas.hover()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
    page.wait_for_timeout(100)
    page.mouse.down()
    page.wait_for_timeout(100)
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        for step in range(1, 11):
            f = step / 10
            page.mouse.move(box["x"] + x0 + (x1 - x0) * f, box["y"] + y0 + (y1 - y0) * f)
            page.wait_for_timeout(20)
    page.mouse.up()


def grid_svg(page) -> str:
    return chart_titled(page, "Each method's answer").inner_html()


def test_drawing_updates_the_saliency(server, page, shots):
    page.goto(f"{server}/explain?source=draw&methods=saliency,gradcam")
    page.get_by_text("Draw one digit").wait_for()
    wait_until_idle(page)
    draw_stroke(page, [(112, 30), (112, 100), (112, 190)])  # a "1"
    page.get_by_text("Why class").wait_for()
    wait_until_idle(page)
    first = grid_svg(page)
    page.screenshot(path=shots / "explain_draw_1.png", full_page=True)
    draw_stroke(page, [(60, 60), (160, 60), (100, 190)])  # turn it into a "7"
    page.wait_for_timeout(500)
    wait_until_idle(page)
    page.wait_for_function(  # plotly.js redraws the grid after the run is over
        "(first) => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        '.some((c) => c.innerHTML.includes("Each method\'s answer") && c.innerHTML !== first)',
        arg=first,
        timeout=30_000,
    )
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "explain_draw_7.png", full_page=True)


def test_attention_views(server, page, shots):
    page.goto(f"{server}/explain?model=tiny_vit&view=attention")
    page.get_by_text("Where the class token looks").wait_for()
    wait_until_idle(page)
    page.screenshot(path=shots / "explain_vit_attention.png", full_page=True)
    page.goto(f"{server}/explain?model=minilm")
    page.get_by_text("Which tokens make the two sentences similar").wait_for()
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "explain_minilm.png", full_page=True)
