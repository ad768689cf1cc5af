"""Share links in a real browser: change controls on each page (sliders by keyboard, a select or
a radio), copy the address bar, open it in a fresh browser context (a new session, as a student
would) and find the same widget values and the same numbers on screen.

"The same numbers" are read from the DOM: metric values, alert and caption texts, chart titles
and axis ticks (and, where they hold no timings, the charts' annotations). Measured timings are
cached server-wide, so a second session shows the very numbers the first one saw.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import CHROMIUM  # noqa: F401 - the skip lives in the fixture
from tests.browser.helpers import pick_option, slide_until_url, until_url, wait_until_idle

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 2600}
SLOW = 180_000  # ms: the first run of a view measures, exports and compiles on a loaded machine
# The last text each view draws: a snapshot waits for it before it reads the page.
HOME_LAST = "错误标为红色"  # the page is in Chinese by then
COMPRESS_LAST = "Run the sensitivity sweep"
COMPARE_LAST = "Test digit #"
BACKENDS_LAST = "Preparation cost and agreement with eager"
PARALLEL_LAST = "Starting the processes takes a few seconds"
ATTRIBUTIONS_LAST = "How much the methods agree"
FAITHFULNESS_LAST = "Compute infidelity and sensitivity"

SNAPSHOT_JS = """(annotations) => {
  const all = (sel) => [...document.querySelectorAll(sel)];
  const text = (sel) => all(sel).map((e) => e.innerText.trim());
  return {
    sliders: all('[role="slider"]').map(
      (e) => [e.getAttribute('aria-valuenow'), e.getAttribute('aria-valuetext')]),
    slider_text: text('[data-testid="stSlider"]'),
    radios: all('[data-testid="stRadio"]').map((r) => {
      const c = r.querySelector('input:checked');
      return c ? (c.closest('label') || c).innerText.trim() : null;
    }),
    checks: all('[data-testid="stCheckbox"] input').map((e) => e.checked),
    selects: text('[data-testid="stSelectbox"]'),
    multiselects: text('[data-testid="stMultiSelect"]'),
    segmented: text('[data-testid="stButtonGroup"]'),
    numbers: all('[data-testid="stNumberInput"] input').map((e) => e.value),
    texts: all('textarea').map((e) => e.value),
    metrics: text('[data-testid="stMetric"]'),
    alerts: text('[data-testid="stAlert"]'),
    captions: text('[data-testid="stCaptionContainer"]'),
    titles: all('.js-plotly-plot .gtitle').map((e) => e.textContent),
    ticks: all('.js-plotly-plot .xtick text, .js-plotly-plot .ytick text').map(
      (e) => e.textContent),
    annotations: annotations
      ? all('.js-plotly-plot .annotation-text').map((e) => e.textContent) : [],
    exceptions: all('[data-testid="stException"]').length,
  };
}"""


def snapshot(page, last: str, annotations: bool = True) -> dict:
    """Every widget value and every number the page shows, once its ``last`` text is drawn
    and nothing changes any more."""
    page.get_by_text(last).first.wait_for(timeout=SLOW)
    wait_until_idle(page)
    deadline = time.monotonic() + 90
    last = page.evaluate(SNAPSHOT_JS, annotations)
    while time.monotonic() < deadline:  # plotly draws after the run is over: wait for it
        page.wait_for_timeout(1500)
        wait_until_idle(page)
        page.locator("[data-testid='stSpinner']").first.wait_for(state="detached", timeout=SLOW)
        now = page.evaluate(SNAPSHOT_JS, annotations)
        if now == last:
            return now
        last = now
    return last


@pytest.fixture
def fresh(browser):
    """Opens a URL in a new browser context: its own cookies and storage, a new session."""
    contexts = []

    def open_url(url: str):
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(SLOW)
        tab.goto(url)
        return tab

    yield open_url
    for context in contexts:
        context.close()


def choose(page, testid: str, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label``."""
    box = page.locator(f"[data-testid='{testid}']").filter(has_text=label).first
    pick_option(page, box, option)


def pick_radio(page, label: str, option: str) -> None:
    radio = page.locator("[data-testid='stRadio']").filter(has_text=label).first
    radio.locator("label").filter(has_text=option).first.click()


# The memory guard states the memory free right now: a fact about the machine, not the view.
FREE_MEMORY = re.compile(r"(limit|上限) [\d.]+ [KMGT]?i?B")


def assert_same(first: dict, second: dict) -> None:
    assert first["exceptions"] == 0 and second["exceptions"] == 0
    for key in first:
        a, b = first[key], second[key]
        if key == "captions":
            a, b = ([FREE_MEMORY.sub(r"\1 …", c) for c in x] for x in (a, b))
        assert a == b, key


def test_home_link(server, fresh):
    page = fresh(server)
    page.get_by_text("Model card: LeNet CNN (digits)").wait_for()
    wait_until_idle(page)
    choose(page, "stSelectbox", "Model", "Tiny Vision Transformer (digits)")
    page.get_by_text("139,018").wait_for()
    wait_until_idle(page)
    until_url(page, lambda: pick_radio(page, "Language", "简体中文"), r"lang=zh")
    wait_until_idle(page)
    seed = page.locator("[data-testid='stSidebar'] [data-testid='stNumberInput'] input")
    seed.fill("7")
    seed.press("Enter")
    page.wait_for_url(re.compile(r"seed=7"))
    before = snapshot(page, HOME_LAST)
    url = page.url
    assert "model=tiny_vit" in url and "lang=zh" in url

    again = fresh(url)
    again.get_by_text("139,018").wait_for()
    after = snapshot(again, HOME_LAST)
    assert_same(before, after)
    assert after["numbers"][0] == "7"
    assert any("139,018" in m for m in after["metrics"])


def test_compress_link(server, fresh):
    page = fresh(f"{server}/compress")
    page.get_by_text("Original vs compressed").wait_for()
    wait_until_idle(page)
    slide_until_url(page, "Amount", "ArrowRight", 2, r"amount=0\.6")  # 50 % → 60 %
    wait_until_idle(page)
    until_url(
        page,
        lambda: choose(page, "stSelectbox", "Method", "Random unstructured"),
        r"method=random_unstructured",
    )
    wait_until_idle(page)
    until_url(page, lambda: pick_radio(page, "Scope", "global"), r"scope=global")
    wait_until_idle(page)
    page.get_by_text("Show disagreements first").first.click()  # a parameter new in the URL
    page.wait_for_url(re.compile(r"prune_first=0"))
    before = snapshot(page, COMPRESS_LAST)

    again = fresh(page.url)
    after = snapshot(again, COMPRESS_LAST)
    assert_same(before, after)
    assert ["60", None] in after["sliders"] or any("60%" in s for s in after["slider_text"])
    assert False in after["checks"]


def test_compress_kept_variants_link(server, fresh, shots):
    """Kept variants are part of the link: the comparison of a student's kept variants opens
    the same in a new session."""
    page = fresh(f"{server}/compress?amount=0.3")
    page.get_by_text("Original vs compressed").wait_for()
    wait_until_idle(page)
    # What the page showed when the button was pressed: a failure then says whether the slider
    # (and the URL) had lost the link's 30 % before the click or the kept variant lost it after.
    shown = {
        "slider": page.get_by_role("slider", name="Amount").first.get_attribute("aria-valuenow"),
        "url": page.url,
    }
    until_url(
        page, lambda: page.get_by_role("button", name="Keep this variant").click(), r"kept=lenet"
    )
    wait_until_idle(page)
    shown["url after keep"] = page.url
    until_url(page, lambda: pick_radio(page, "Technique", "Kept variants"), r"technique=compare")
    before = snapshot(page, COMPARE_LAST)
    page.screenshot(path=shots / "compress_compare_kept.png", full_page=True)

    again = fresh(page.url)
    after = snapshot(again, COMPARE_LAST)
    assert_same(before, after)
    assert any(
        "L1 unstructured (smallest weights) 30%" in t for t in after["titles"] + after["ticks"]
    ), (shown, after)


def test_accelerate_link(server, fresh):
    page = fresh(f"{server}/accelerate?backends=eager,int8_dynamic&batch=2")
    page.get_by_text("Latency per batch").first.wait_for(timeout=SLOW)  # a rerun may hold two
    wait_until_idle(page)
    slide_until_url(page, "Batch size", "ArrowRight", 1, r"batch=4")  # 2 → 4
    wait_until_idle(page)
    slide_until_url(page, "CPU threads", "Home", 1, r"threads=1")  # → 1 thread
    backends_view = snapshot(page, BACKENDS_LAST)
    until_url(page, lambda: pick_radio(page, "View", "Parallelism"), r"view=parallel")
    wait_until_idle(page)
    # 4 → 8: divides the batch of 64
    slide_until_url(page, "Micro-batches", "ArrowRight", 4, r"micro=8")
    wait_until_idle(page)
    until_url(page, lambda: choose(page, "stSelectbox", "Schedule", "1F1B"), r"schedule=1f1b")
    parallel_view = snapshot(page, PARALLEL_LAST)
    assert any("bubble" in title for title in parallel_view["titles"])

    again = fresh(page.url)
    again.get_by_text("Ideal schedule").first.wait_for()
    assert_same(parallel_view, snapshot(again, PARALLEL_LAST))
    # The backends view of the new session kept the batch size and threads of the link.
    pick_radio(again, "View", "Backends")
    again.get_by_text("Latency per batch").first.wait_for()
    assert_same(backends_view, snapshot(again, BACKENDS_LAST))


def test_explain_link(server, fresh):
    page = fresh(f"{server}/explain")
    page.get_by_text("Why class").first.wait_for(timeout=SLOW)
    wait_until_idle(page)
    index = (
        page.locator("[data-testid='stNumberInput']").filter(has_text="Test digit").locator("input")
    )
    index.fill("12")
    index.press("Enter")
    page.wait_for_url(re.compile(r"index=12"))
    wait_until_idle(page)
    slide_until_url(page, "Heatmap opacity", "ArrowLeft", 2, r"opacity=0\.5")  # 60 % → 50 %
    # The grid's annotations hold each method's measured time: compare titles and ticks only.
    attributions_view = snapshot(page, ATTRIBUTIONS_LAST, annotations=False)
    until_url(page, lambda: pick_radio(page, "View", "Faithfulness"), r"view=faithfulness")
    page.get_by_text("Deletion AUC").first.wait_for()
    wait_until_idle(page)
    slide_until_url(page, "Show the input at", "ArrowRight", 2, r"k=0\.3")  # 20 % → 30 %
    faithfulness_view = snapshot(page, FAITHFULNESS_LAST)

    again = fresh(page.url)
    again.get_by_text("Deletion AUC").first.wait_for(timeout=SLOW)
    after = snapshot(again, FAITHFULNESS_LAST)
    assert_same(faithfulness_view, after)
    assert "12" in after["numbers"]
    pick_radio(again, "View", "Attributions")
    again.get_by_text("Why class").first.wait_for()
    assert_same(attributions_view, snapshot(again, ATTRIBUTIONS_LAST, annotations=False))


FUSE_LAST = "a good fusion keeps most of the remaining modality"


def test_fuse_link(server, fresh):
    page = fresh(f"{server}/fuse?view=robustness")
    page.get_by_text(FUSE_LAST).wait_for(timeout=SLOW)
    wait_until_idle(page)
    slide_until_url(page, "Image noise σ (pixels)", "ArrowLeft", 3, r"sigma=1\.0")  # 1.3 → 1.0
    wait_until_idle(page)
    slide_until_url(page, "Speech SNR (dB)", "ArrowLeft", 2, r"snr=-11")  # -10 → -11
    wait_until_idle(page)
    page.locator("[data-testid='stButtonGroup']").filter(has_text="no speech").first.get_by_text(
        "no speech"
    ).click()
    page.wait_for_url(re.compile(r"drop=audio"))
    before = snapshot(page, FUSE_LAST)

    again = fresh(page.url)
    after = snapshot(again, FUSE_LAST)
    assert_same(before, after)
    assert any("1.0" in s for s in after["slider_text"])
    assert any("no speech" in s for s in after["titles"] + after["segmented"])
