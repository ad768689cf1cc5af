"""Accessibility in a real browser (issue #17): axe-core finds no violation on any view, in
English and (on each page's default view) in Chinese; on a phone and a tablet nothing leaves the
screen outside a horizontally scrollable table or chart; every control is reached with Tab and
shows where the focus is. A page's default view is opened once for its axe audit, its keyboard
walk and both screen sizes (the window is resized: Streamlit lays out in CSS, plotly relayouts).

axe runs from ``axe-playwright-python``, which bundles axe-core (no download). Screenshots at
both sizes land in ``tests/browser/screenshots/a11y_*``.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from dashboard.areas.accelerate.params import ACCELERATE_VIEWS
from dashboard.areas.compress.params import COMPRESS_TECHNIQUES
from dashboard.areas.explain.params import EXPLAIN_VIEWS
from dashboard.areas.fuse.params import FUSE_VIEWS
from tests.browser.helpers import wait_until_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEW_KEYS = {"compress": "technique", "accelerate": "view", "explain": "view", "fuse": "view"}
ALL_VIEWS = {
    "compress": COMPRESS_TECHNIQUES,
    "accelerate": ACCELERATE_VIEWS,
    "explain": EXPLAIN_VIEWS,
    "fuse": FUSE_VIEWS,
}
# Every view in English; each page's default view in Chinese too (the texts differ, the layout
# does not: a view's Chinese run found nothing the English one did not).
# (The default views in English are audited by test_default_view_is_accessible.)
CASES = [("", "", "zh")]
CASES += [(page, view, "en") for page, views in ALL_VIEWS.items() for view in views[1:]]
CASES += [(page, views[0], "zh") for page, views in ALL_VIEWS.items()]

# What a student may bring: a phone and a tablet (CSS pixels).
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}

# Elements that reach past the right edge of the screen without a scrollable box around them.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let box = el.parentElement; box; box = box.parentElement) {
      const x = getComputedStyle(box).overflowX;
      if ((x === 'auto' || x === 'scroll' || x === 'hidden') && box.clientWidth <= width + 1)
        return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.right > width + 1 && !scrolls(el))
      out.push(el.tagName + '.' + (el.getAttribute('data-testid') || el.className || ''));
  }
  return out.slice(0, 10);
}"""

# The element that has the focus: what it is and whether the focus is drawn.
FOCUS_JS = """() => {
  const PRIMARY = '26, 106, 163';  // .streamlit/config.toml primaryColor #1a6aa3
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A ring (outline or shadow) or a border in the theme's primary colour, on the element or on
  // one of the wrappers BaseWeb draws it on.
  const drawnOn = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || (s.boxShadow && s.boxShadow !== 'none') || s.borderColor.includes(PRIMARY);
  let box = el, drawn = drawnOn(getComputedStyle(el));
  for (let i = 0; i < 4 && !drawn && box.parentElement; i++) {
    box = box.parentElement;
    drawn = drawnOn(getComputedStyle(box));
  }
  const name = el.id || el.getAttribute('aria-label')
    || el.tagName + ':' + (el.innerText || '').slice(0, 30);
  return {id: name, role: el.getAttribute('role') || el.tagName.toLowerCase(), drawn: drawn};
}"""

# The controls a keyboard user must reach: one entry per slider, text or number box, select,
# button, toggle and radio group (Tab enters a radio group once; arrows move inside).
CONTROLS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const seen = [];
  for (const el of main.querySelectorAll(
      'input, textarea, button, [role="combobox"], [role="slider"], [role="radiogroup"]')) {
    if (el.closest('[role="radiogroup"]') && el.getAttribute('role') !== 'radiogroup') continue;
    if (el.disabled || el.getAttribute('aria-hidden') === 'true' || el.type === 'hidden') continue;
    // Taken out of the Tab order by design: a select box's chevron and a number box's − / +
    // (the box itself takes the keys: arrows, typing).
    if (el.getAttribute('tabindex') === '-1') continue;
    if (el.closest('.js-plotly-plot') || el.closest('[data-testid="stDataFrame"]')) continue;
    if (el.closest('details:not([open])')) continue;  // inside a folded expander
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    seen.push(el);
  }
  window.__controls = seen;
  return seen.length;
}"""
REACHED_JS = """() => window.__controls.map(
  (el) => el.contains(document.activeElement) || el === document.activeElement)"""


def _open(page, server: str, path: str, key: str, view: str, lang: str) -> None:
    query = f"?lang={lang}" + (f"&{key}={view}" if key else "")
    page.goto(f"{server}/{path}{query}")
    page.locator("[data-testid='stMain'] h1").first.wait_for()  # the page's script has run
    wait_until_idle(page)


def _wait_for_controls(page) -> None:
    """Until the page's widgets are drawn (its first paint is grey skeletons) and it is idle."""
    page.locator("[data-testid='stMain'] :is(input, button):visible").first.wait_for()
    wait_until_idle(page)


# No element of a previous run left on screen: while Streamlit reruns, it fades those on purpose.
BETWEEN_RUNS_JS = """() => !document.querySelector('[data-stale="true"]')"""


def _axe_violations(page) -> dict:
    """axe's violations, audited between two runs. While a result streams in, the page reruns
    and fades the previous run's elements on purpose; a contrast check then measures the fade,
    not the theme (seen twice in full-suite runs: a label caught at ~45 % opacity). So a page
    with violations is audited once more after its run: a real violation is found both times."""
    found: dict = {}
    for _ in range(2):
        page.wait_for_function(BETWEEN_RUNS_JS, timeout=120_000)
        violations = Axe().run(page).response["violations"]
        found = {
            v["id"]: [
                v["impact"],
                v["nodes"][0]["html"][:160],
                v["nodes"][0]["failureSummary"][:200],
            ]
            for v in violations
        }
        if not found:
            return found
        page.wait_for_timeout(1000)  # the fade back after a run is a CSS transition
    return found


@pytest.mark.parametrize(("path", "view", "lang"), CASES, ids=lambda v: v or "home")
def test_axe_finds_no_violation(server, page, path, view, lang):
    _open(page, server, path, VIEW_KEYS.get(path, ""), view, lang)
    found = _axe_violations(page)
    assert not found, found


# The code GPT's views (issue #22), with short measurements: each opens on the GPT's own section
# (its first heading), and axe audits it as drawn, the timings still streaming in.
GPT_VIEWS = {
    "": "Generate from your prompt",
    "compress": "Every variant against the original",
    "accelerate": "KV cache: prompt processing and generation",
    "explain": "Token attribution",
}
GPT_QUICK = "&llm_max_new=32&llm_repeats=1&llm_spec_new=16"


@pytest.mark.parametrize("path", list(GPT_VIEWS), ids=lambda v: v or "home")
def test_code_gpt_views_are_accessible(server, page, shots, path):
    page.goto(f"{server}/{path}?model=gpt&lang=en{GPT_QUICK if path == 'accelerate' else ''}")
    page.get_by_text(GPT_VIEWS[path]).first.wait_for(timeout=180_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=shots / f"a11y_gpt_{path or 'home'}.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    found = _axe_violations(page)
    assert not found, found


@pytest.mark.parametrize("path", ["", *ALL_VIEWS], ids=lambda v: v or "home")
def test_default_view_is_accessible(server, page, shots, path):
    """The default view, in English: axe, the keyboard walk, then a tablet and a phone."""
    _open(page, server, path, "", "", "en")
    _wait_for_controls(page)
    found = _axe_violations(page)
    assert not found, found
    _every_control_is_reached_with_tab(page)
    for size in ("tablet", "phone"):
        _nothing_leaves_the_screen(page, shots, path, size)


def _nothing_leaves_the_screen(page, shots, path: str, size: str) -> None:
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(1500)  # plotly redraws each chart for the new width
    overflow = page.evaluate(OVERFLOW_JS)
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.screenshot(path=shots / f"a11y_{size}_{path or 'home'}.png")
    chart = page.locator(".js-plotly-plot").first
    if chart.count():
        chart.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"a11y_{size}_{path or 'home'}_chart.png")
    assert not overflow, (size, overflow)
    # Charts fit their column: plotly resized each to the screen, none is wider than it.
    widths = page.eval_on_selector_all(
        ".js-plotly-plot", "els => els.map((e) => e.getBoundingClientRect().width)"
    )
    assert all(w <= width for w in widths), (size, widths)


def _every_control_is_reached_with_tab(page) -> None:
    count = page.evaluate(CONTROLS_JS)
    assert count > 0
    reached = [False] * count
    undrawn = []
    page.evaluate("document.querySelector('[data-testid=\"stMain\"]').focus()")
    for _ in range(count * 3 + 40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is not None and not focus["drawn"]:
            undrawn.append(focus["id"])
        reached = [a or b for a, b in zip(reached, page.evaluate(REACHED_JS), strict=True)]
        if all(reached):
            break
    missed = page.evaluate(
        """(reached) => window.__controls.filter((_, i) => !reached[i]).map(
            (el) => el.getAttribute('aria-label') || el.innerText || el.outerHTML.slice(0, 80))""",
        reached,
    )
    assert not missed, missed
    assert not undrawn, undrawn
