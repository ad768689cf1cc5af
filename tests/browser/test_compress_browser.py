"""The Compress page in a real browser: move the amount slider with the keyboard and check that
the comparison and the URL follow; screenshot each technique."""

from __future__ import annotations

import pytest

from tests.browser.helpers import slide_until_url, wait_until_idle

pytestmark = pytest.mark.browser


def test_amount_slider_updates_comparison(server, page, shots):
    page.goto(f"{server}/compress?amount=0.5")
    page.get_by_text("Original vs compressed").wait_for()
    wait_until_idle(page)
    page.screenshot(path=shots / "compress_prune_50.png", full_page=True)

    slide_until_url(page, "Amount", "ArrowRight", 6, r"amount=0\.8")  # 50 % → 80 % in 5 % steps
    wait_until_idle(page)
    # The table is drawn on a canvas (no DOM text); the sparsity chart is SVG: its hover data
    # is not text either, so the values are asserted in the AppTest and looked at here.
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "compress_prune_80.png", full_page=True)


def test_channel_removal_and_sweep(server, page, shots):
    page.goto(f"{server}/compress?method=channel_removal&amount=0.5")
    page.get_by_text("Channels were really removed").wait_for()
    page.get_by_role("button", name="Run the sweep").click()
    page.get_by_text("latency (measured)").first.wait_for()
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "compress_removal_sweep.png", full_page=True)


def test_quantization_view(server, page, shots):
    page.goto(f"{server}/compress?technique=quantize&model=minilm&lang=zh")
    page.get_by_text("每层量化误差").wait_for()
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "compress_quant_minilm_zh.png", full_page=True)


def test_distillation_live_training(server, page, shots):
    page.goto(f"{server}/compress?technique=distill&epochs=4")
    page.get_by_role("button", name="Train the student").click()
    page.get_by_text("Training loss per epoch").wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=shots / "compress_distill.png", full_page=True)


def test_what_compression_forgets(server, page, shots):
    page.goto(f"{server}/compress?model=lenet&technique=forget&method=l1_unstructured&amount=0.7")
    page.get_by_text("Per-class accuracy: L1 unstructured").first.wait_for(timeout=120_000)
    page.get_by_text("Accuracy under FGSM against ε").first.wait_for(timeout=120_000)
    page.get_by_text("One adversarial example").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # the forgotten examples link to Explain on their own test digit
    link = page.locator("a[href*='explain'][href*='index=']").first
    assert "source=test" in (link.get_attribute("href") or "")
    page.screenshot(path=shots / "compress_forget_l1_70.png", full_page=True)
    # the view is taller than the window: the lower half (drift, projection, robustness)
    page.get_by_text("Penultimate features in 2-D").first.scroll_into_view_if_needed()
    page.screenshot(path=shots / "compress_forget_l1_70_lower.png")
    page.get_by_text("Smallest noise that flips the prediction").first.scroll_into_view_if_needed()
    page.screenshot(path=shots / "compress_forget_l1_70_robustness.png")
