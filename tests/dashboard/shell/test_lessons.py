"""Lessons on Home through AppTest: one link per technique, and following a link opens its page
with the lesson's settings — also when the page was visited and changed before."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qs

import pytest

from components.i18n import t
from components.lessons import AREAS, LESSON_KEY, LESSONS, Lesson, lessons_in
from components.url_state import read_params
from dashboard.areas.home.params import LESSON_TABS
from dashboard.shell.pages import page_file
from dashboard.shell.state import SHARED_PARAMS
from dashboard.shell.url_params import PAGE_PARAMS
from tests.dashboard.conftest import open_page

PAGES = sorted({lesson.page for lesson in LESSONS})


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def lesson_links(at, areas: Sequence[str] = AREAS) -> dict[str, tuple[str, dict[str, str]]]:
    """Home's lesson links in the tabs of ``areas`` (only the open tab's are drawn): lesson id
    → (page url_path, query)."""
    links = {}
    for area in areas:
        at.session_state[LESSON_TABS] = t(f"area.{area}.title", "en")
        at.run()
        assert_clean(at)
        for element in at.get("page_link"):
            query = {k: v[0] for k, v in parse_qs(element.proto.query_string).items()}
            if LESSON_KEY in query:
                assert lessons_in(area) and query[LESSON_KEY] in {x.id for x in lessons_in(area)}
                links[query[LESSON_KEY]] = (element.proto.page, query)
    return links


def follow(at, lesson: Lesson):
    """Go Home and click the lesson's link: the browser replaces the query string by the link's
    and switches page (what ``st.page_link`` does)."""
    at.switch_page(page_file("home")).run()
    assert_clean(at)
    page, query = lesson_links(at, (lesson.area,))[lesson.id]
    at.query_params.clear()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page_file(page)).run()
    assert_clean(at)
    return at


def plain(value):
    return list(value) if isinstance(value, list | tuple) else value


def assert_applied(at, lesson: Lesson) -> None:
    params = PAGE_PARAMS[lesson.page]
    values, problems = read_params(lesson.settings, params + SHARED_PARAMS)
    assert problems == []
    for key in lesson.settings:
        if key in {p.key for p in SHARED_PARAMS}:
            assert at.session_state[f"shared_{key}"] == values[key], key
        else:
            assert plain(at.session_state[f"{lesson.page}_{key}"]) == plain(values[key]), key
    assert LESSON_KEY not in at.query_params  # one-shot: later changes by the student stick
    assert not at.warning or all("lesson" not in w.value for w in at.warning)


def test_home_has_one_link_per_lesson(app):
    at = app.run()
    assert_clean(at)
    links = lesson_links(at)
    assert set(links) == {lesson.id for lesson in LESSONS}
    for lesson in LESSONS:
        page, query = links[lesson.id]
        assert page == lesson.page
        assert query == lesson.query()
    assert {e.proto.page for e in at.get("page_link")} >= set(PAGES)  # the four area cards too


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_lesson_links_apply_their_settings_on_a_visited_page(app, page):
    lessons = [lesson for lesson in LESSONS if lesson.page == page]
    # Visit the page first through its last lesson, then follow every lesson in turn: each
    # one opens a page this session has already seen with other settings.
    at = open_page(app, "home")
    follow(at, lessons[-1])
    for lesson in lessons:
        follow(at, lesson)
        assert_applied(at, lesson)


@pytest.mark.slow
def test_student_changes_stick_after_a_lesson(app):
    lesson = next(lesson for lesson in LESSONS if lesson.id == "quantization")
    at = follow(app.run(), lesson)
    assert_applied(at, lesson)
    at.toggle(key="compress_per_channel").set_value(False).run()
    assert_clean(at)
    assert at.session_state["compress_per_channel"] is False
    assert at.query_params["per_channel"] in ("0", ["0"])
    at.run()  # a plain rerun: the lesson is not applied again
    assert at.session_state["compress_per_channel"] is False


def test_unknown_lesson_warns_and_is_dropped(app):
    app.query_params[LESSON_KEY] = "astrology"
    at = app.run()
    assert_clean(at)
    assert any("lesson" in w.value and "astrology" in w.value for w in at.warning)
    assert LESSON_KEY not in at.query_params


# --- the lesson panel on the page a lesson opens -----------------------------------------------


def panel_title(at) -> str:
    return next((m.value for m in at.markdown if "Lesson:" in m.value), "")


def query(at, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.fixture
def pruning_lesson(app):
    return follow(app.run(), next(lesson for lesson in LESSONS if lesson.id == "pruning"))


def test_a_lesson_link_opens_its_panel_before_step_one(pruning_lesson):
    at = pruning_lesson
    assert panel_title(at).startswith("🎓 **Lesson: ✂️ Pruning** · 4 steps")
    assert (query(at, "study"), query(at, "step")) == ("pruning", "0")
    steps = [b.key for b in at.button if b.key and b.key.startswith("lesson_step_")]
    assert steps == [f"lesson_step_{n}" for n in range(1, 5)]


def holding(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("✅")]


@pytest.mark.slow
@pytest.mark.timed  # one of step 2's claims compares the pruned model's latency with the original's
def test_a_step_applies_its_settings_and_its_check_holds(pruning_lesson):
    at = pruning_lesson
    button(at, "lesson_step_2").click().run()
    assert_clean(at)
    assert at.session_state["compress_amount"] == 0.9
    assert query(at, "step") == "2"
    assert "step 2 of 4" in panel_title(at)
    if any(b.key == "lesson_measure_1" for b in at.button):  # absent when already measured
        button(at, "lesson_measure_1").click().run()
    if len(holding(at)) < 3 and any(b.key == "lesson_remeasure_1" for b in at.button):
        # A timing taken while the machine was busy (a browser test's server is not stopped by
        # the timed hold): the panel offers to measure again, as a teacher would.
        button(at, "lesson_remeasure_1").click().run()
    lines = holding(at)
    assert len(lines) == 3, [w.value for w in at.warning]  # the three claims of step 2
    assert any("32\\.2\\%" in line for line in lines)  # LeNet at 90 %: accuracy measured live
    assert any(c.value.startswith("Measured at") for c in at.caption)


def test_reset_restores_the_lessons_settings_and_close_hides_the_panel(pruning_lesson):
    at = pruning_lesson
    button(at, "lesson_step_3").click().run()
    assert at.session_state["compress_method"] == "channel_removal"
    button(at, "lesson_reset").click().run()
    assert (at.session_state["compress_method"], at.session_state["compress_amount"]) == (
        "l1_unstructured",
        0.5,
    )
    assert query(at, "step") == "0"
    button(at, "lesson_close").click().run()
    assert panel_title(at) == ""
    assert query(at, "study") == ""
    assert at.session_state["compress_method"] == "l1_unstructured"  # the page keeps its values


def test_a_link_made_during_a_lesson_reopens_it_at_its_step(app):
    at = open_page(app, "compress", study="pruning", step="3", method="channel_removal")
    assert "step 3 of 4" in panel_title(at)
    assert at.session_state["compress_method"] == "channel_removal"
