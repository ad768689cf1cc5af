"""Presenter mode through AppTest: ``present=1`` injects the fixed stylesheet and folds the
sidebar, and the mode survives a page switch and a lesson link (and a lesson link can set it)."""

from __future__ import annotations

import pytest

from components.lessons import BY_ID
from dashboard.shell.pages import page_file
from dashboard.shell.presenter import PRESENTER_CSS
from tests.dashboard.shell.test_lessons import assert_clean, follow

LESSON = BY_ID["model_parallel"]  # a light page: its parallel run waits for a click


def stylesheet_shown(at) -> bool:
    return any(el.proto.body == PRESENTER_CSS for el in at.get("html"))


@pytest.mark.slow
def test_present_in_the_url_styles_the_page_and_survives_switches(app):
    app.query_params["present"] = "1"
    at = app.run()
    assert_clean(at)
    assert at.session_state["shared_present"] is True
    assert at.toggle(key="shared_present").value is True
    assert stylesheet_shown(at)
    assert at.query_params["present"] in ("1", ["1"])
    follow(at, LESSON)  # Home, then the lesson's link (a page switch with a new query string)
    assert at.session_state["shared_study"] == LESSON.id
    assert at.session_state["shared_present"] is True
    assert stylesheet_shown(at)
    assert at.query_params["present"] in ("1", ["1"])


@pytest.mark.slow
def test_the_sidebar_toggle_switches_it_off_and_on(app):
    at = app.run()
    assert not stylesheet_shown(at)
    assert at.query_params["present"] in ("0", ["0"])
    at.toggle(key="shared_present").set_value(True).run()
    assert stylesheet_shown(at)
    at.switch_page(page_file("accelerate")).run()
    assert_clean(at)
    assert stylesheet_shown(at)
    at.toggle(key="shared_present").set_value(False).run()
    assert not stylesheet_shown(at)


def test_a_lesson_link_can_switch_presenter_mode_on_in_an_open_session(app):
    at = app.run()
    assert not stylesheet_shown(at)
    at.query_params.clear()
    for key, value in {**LESSON.query(), "present": "1"}.items():
        at.query_params[key] = value
    at.switch_page(page_file(LESSON.page)).run()
    assert_clean(at)
    assert at.session_state["shared_study"] == LESSON.id
    assert stylesheet_shown(at)


def test_presenter_figure_makes_map_rows_tall_and_text_large_on_a_copy():
    import numpy as np

    from components.figures import attribution_grid
    from dashboard.shell.presenter import CHART_TEXT_PX, MAP_PX, presenter_figure

    maps = {name: np.ones((28, 28)) for name in ("a", "b", "c", "d")}  # two rows of three
    fig = attribution_grid(np.zeros((28, 28)), maps, title="t")
    before = fig.layout.height
    big = presenter_figure(fig)
    assert fig.layout.height == before  # the shared figure is left as it was
    assert big.layout.height >= 2 * MAP_PX + 2 * 100
    assert big.layout.font.size >= CHART_TEXT_PX
    assert all(a.font.size >= CHART_TEXT_PX for a in big.layout.annotations)


def test_presenter_figure_makes_a_grid_of_pictures_tall_enough_for_its_rows():
    """A grid of pictures on one pair of axes: its rows share the y range, so the figure grows
    until each picture is MAP_PX tall."""
    import numpy as np

    from components.figures import GRID_CAPTION, image_grid
    from dashboard.shell.presenter import MAP_PX, presenter_figure

    fig = image_grid([np.zeros((8, 8))] * 6, [f"d{i}" for i in range(6)], columns=2, title="t")
    big = presenter_figure(fig)
    rows = 3
    plot = big.layout.height - big.layout.margin.t - big.layout.margin.b
    assert plot / (rows * (1 + GRID_CAPTION)) >= MAP_PX  # each picture's share of the plot
