"""The Accelerate page in a real browser: a larger batch size adds a point to the latency chart
and reaches the URL; a pipeline run draws its measured schedule; screenshots of every view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import chart_titled, slide_until_url, wait_until_idle

pytestmark = pytest.mark.browser


def expect_latency_ticks(page, ticks: list[str]) -> None:
    """The latency chart's batch sizes become ``ticks`` (plotly.js draws after the run)."""
    chart = chart_titled(page, "Latency per batch")
    expect(chart.locator(".xtick text")).to_have_text(ticks, timeout=30_000)


def test_batch_slider_updates_latency_chart(server, page, shots):
    page.goto(f"{server}/accelerate?backends=eager,onnxruntime&batch=8&threads=1")
    page.get_by_text("Latency per batch").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    expect_latency_ticks(page, ["1", "2", "4", "8"])
    page.screenshot(path=shots / "accelerate_backends_8.png", full_page=True)

    slide_until_url(page, "Batch size", "ArrowRight", 1, r"batch=16")
    wait_until_idle(page)
    expect_latency_ticks(page, ["1", "2", "4", "8", "16"])
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "accelerate_backends_16.png", full_page=True)


def test_pipeline_run_draws_measured_schedule(server, page, shots):
    page.goto(f"{server}/accelerate?view=parallel&micro=4&lang=zh")
    page.get_by_text("理想调度").first.wait_for()
    page.get_by_role("button", name="在本地进程上运行").click()
    page.get_by_text("实测调度").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "accelerate_pipeline_zh.png", full_page=True)


@pytest.mark.parametrize("view", ["threads", "compressed"])
def test_other_views(server, page, shots, view):
    page.goto(f"{server}/accelerate?view={view}&backends=eager,onnxruntime&batch=8")
    page.locator(".stPlotlyChart").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / f"accelerate_{view}.png", full_page=True)
