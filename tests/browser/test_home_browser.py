"""The Home page in a real browser: the model card chart renders, the model switch works, the
URL carries the state, and nothing on screen is a traceback."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from tests.browser.helpers import pick_option, wait_until_idle

pytestmark = pytest.mark.browser


def wait_for_card(page, title: str) -> None:
    page.get_by_text(f"Model card: {title}").wait_for()
    wait_until_idle(page)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()


def test_home_renders_and_switches_model(server, page, shots):
    page.goto(server)
    wait_for_card(page, "LeNet CNN (digits)")
    assert page.get_by_text("Test accuracy").first.is_visible()
    page.screenshot(path=shots / "home_lenet.png", full_page=True)

    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    pick_option(page, box, "Tiny Vision Transformer (digits)")
    wait_for_card(page, "Tiny Vision Transformer (digits)")
    page.wait_for_url(re.compile(r"model=tiny_vit"))
    # The ViT's own numbers, not LeNet's left over from the previous run.
    page.get_by_text("139,018").wait_for()
    page.get_by_text("tiny_vit", exact=False).first.wait_for()
    page.screenshot(path=shots / "home_tiny_vit.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0


def test_shared_link_restores_view_and_warns_on_bad_params(server, page, shots):
    page.goto(f"{server}/?model=minilm&lang=zh&seed=7&bogus=1")
    page.get_by_text("模型卡片：all-MiniLM-L6-v2（句子）").wait_for()
    wait_until_idle(page)
    page.get_by_text("已忽略未知的 URL 参数“bogus”。").wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    page.get_by_text("同义句检索 top-1").first.wait_for()
    page.screenshot(path=shots / "home_minilm_zh.png", full_page=True)
    assert "seed=7" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


def test_home_links_open_the_pages(server, page):
    page.goto(server)
    wait_for_card(page, "LeNet CNN (digits)")
    # The four area links, in the order of the areas. Read from the DOM and waited for: on a slow
    # machine the accessibility tree briefly lacked some of the cards while the columns settled.
    area_links = """() => [...document.querySelectorAll("[data-testid='stMain'] a")]
        .filter(a => a.innerText.trim().endsWith("Open"))
        .map(a => a.getAttribute("href"))"""
    expected = ["compress", "accelerate", "explain", "fuse"]
    page.wait_for_function(
        f"JSON.stringify(({area_links})()) === '{json.dumps(expected, separators=(',', ':'))}'"
    )
    assert page.evaluate(area_links) == expected
    # Dispatch the click on the element itself: a click by coordinates can land on a neighbour
    # when the page still settles on a slow machine.
    page.locator("[data-testid='stMain'] a[href='compress']").dispatch_event("click")
    page.wait_for_url(re.compile(r"/compress"))
    page.get_by_text("Original vs compressed").wait_for()
    assert "model=lenet" in page.url


def test_a_share_link_cannot_put_a_link_or_image_into_a_warning(server, page, shots):
    """The audit's attacks in a real browser: the warning shows the text the link carried, and
    the page holds no link to, and never requests, the addresses inside it."""
    beacon_requests: list[str] = []
    page.on("request", lambda r: beacon_requests.append(r.url) if ":9/" in r.url else None)
    query = urllib.parse.urlencode(
        {
            "[Click here to sign in again](https://evil.example/login)": "1",
            "![t](http://127.0.0.1:9/beacon.png)": "1",
            "method": "[x](https://evil.example) https://evil.example/bare",
        }
    )
    page.goto(f"{server}/compress?{query}")
    page.get_by_text("[Click here to sign in again](https:").wait_for()  # the text, shown
    page.get_by_text("![t](http:").wait_for()
    wait_until_idle(page)
    page.screenshot(path=shots / "share_link_attack.png", full_page=True)
    hostile = page.evaluate(
        """() => [...document.querySelectorAll('a[href], img[src]')]
            .map(e => e.getAttribute('href') || e.getAttribute('src'))
            .filter(u => u.includes('evil') || u.includes('127.0.0.1:9'))"""
    )
    assert hostile == []
    assert beacon_requests == []
