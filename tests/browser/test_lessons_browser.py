"""Every lesson followed as a teacher would, in a real browser: from Home (the area's tab, then
the lesson's link) into the lesson panel of its page, every step clicked in order, then back to
the lesson's settings. The first lesson of each area also has each step's check measured from the
panel, in English, and read again in Chinese (from the server's cache). Every claim of every
lesson is measured on its own settings by ``tests/components/test_lesson_checks.py`` (timings
where the machine is the test's alone); measuring them all again here would only repeat it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.i18n import t_text
from components.lesson_checks import MEASURES
from components.lessons import AREAS, LESSONS, Lesson
from tests.browser.conftest import CHROMIUM  # noqa: F401 - the skip lives in the fixture
from tests.browser.helpers import click_until_url, wait_until_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEASURE_MS = 240_000  # a step's check may start processes or export a model on a loaded machine


def open_from_home(page, server: str, lesson: Lesson, lang: str) -> None:
    page.goto(f"{server}/?lang={lang}")
    wait_until_idle(page)
    link = page.locator(f"[data-testid='stMain'] a[href*='lesson={lesson.id}']").first
    tab = page.get_by_role("tab", name=t_text(f"area.{lesson.area}.title", lang))
    for _ in range(5):  # a rerun that lands after the click shows the first tab again
        tab.click()
        try:
            link.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(page)
    link.click()
    page.locator(".st-key-lesson_panel").wait_for()
    wait_until_idle(page)


def panel_text(page) -> str:
    return page.locator(".st-key-lesson_panel").inner_text()


def check_lines(page, lang: str) -> tuple[int, int]:
    """(claims that hold, claims that do not) shown in the panel."""
    text = panel_text(page)
    holds = t_text("lesson.panel.holds", lang, line="")[:6]
    differs = t_text("lesson.panel.differs", lang, line="")[:8]
    return text.count(holds), text.count(differs)


def follow(page, server: str, lesson: Lesson, lang: str, checks: str) -> list[str]:
    """Open ``lesson`` from Home and do every step; returns the steps whose claims failed.
    ``checks``: "measure" (press each step's measure button and read its lines), "cached"
    (read the lines the server has cached) or "none" (steps only)."""
    open_from_home(page, server, lesson, lang)
    assert t_text(lesson.title_key, lang) in panel_text(page)
    failed = []
    for index, step in enumerate(lesson.steps):
        number = index + 1
        click_until_url(page, f".st-key-lesson_step_{number} button", rf"[?&]step={number}(&|$)")
        if not step.expect or checks == "none":
            continue
        button = page.locator(f".st-key-lesson_measure_{index} button")
        if any(timed(e) for e in step.expect):
            # Timings are checked with the machine to itself (tests/components/
            # test_lesson_checks.py); here the panel only has to offer the measurement.
            assert button.count() or check_lines(page, lang) != (0, 0)
            continue
        if checks == "measure" and button.count():
            button.first.click()
        page.wait_for_function(
            """([a, b, n]) => {
                const p = document.querySelector('.st-key-lesson_panel');
                const text = p ? p.innerText : '';
                return text.split(a).length - 1 + text.split(b).length - 1 >= n;
            }""",
            arg=[
                t_text("lesson.panel.holds", lang, line="")[:6],
                t_text("lesson.panel.differs", lang, line="")[:8],
                len(step.expect),
            ],
            timeout=MEASURE_MS,
        )
        wait_until_idle(page)
        _, differed = check_lines(page, lang)
        if differed and page.locator(f".st-key-lesson_remeasure_{index} button").count():
            page.locator(f".st-key-lesson_remeasure_{index} button").first.click()  # a busy moment
            wait_until_idle(page)
            _, differed = check_lines(page, lang)
        if differed:
            failed.append(f"{lesson.id} step {index + 1}: {panel_text(page)[-400:]}")
    click_until_url(page, ".st-key-lesson_reset button", r"[?&]step=0(&|$)")
    assert page.locator("[data-testid='stException']").count() == 0
    return failed


def timed(expect) -> bool:
    return MEASURES[expect.measure].timed or MEASURES[expect.reference_measure].timed


# The first lesson of each area: English measures each step's claims, Chinese, run after it,
# reads them from the server's cache (the panel's words are the same for every lesson, and every
# lesson's own texts are checked in both languages by tests/components/test_lessons.py). The
# other lessons: their steps, in English.
FIRST_OF_AREA = [next(les for les in LESSONS if les.area == area) for area in AREAS]
WALKS = [("en", lesson, "measure") for lesson in FIRST_OF_AREA]
# The code GPT's lessons are left out here: their views time every variant or sweep (minutes
# on a loaded machine), the panel is the same for every lesson, the GPT's views are opened in
# the browser by test_accessibility.py, and its lessons' links and claims are checked by
# tests/dashboard/shell/test_lessons.py and tests/components/test_lesson_checks.py.
WALKS += [
    ("en", lesson, "none")
    for lesson in LESSONS
    if lesson not in FIRST_OF_AREA and lesson.settings.get("model") != "gpt"
]
WALKS += [("zh", lesson, "cached") for lesson in FIRST_OF_AREA]


@pytest.mark.parametrize(
    ("lang", "lesson", "checks"), WALKS, ids=[f"{g}-{les.id}" for g, les, _ in WALKS]
)
def test_every_lesson_from_home_through_its_panel(server, page, shots, lang, lesson, checks):
    page.set_default_timeout(120_000)
    assert follow(page, server, lesson, lang, checks) == []
    if lesson is LESSONS[0]:
        page.screenshot(path=shots / f"lesson_panel_{lang}.png", full_page=True)
