"""A widget that appears again after a run without it, or that the browser's last request did
not report, is sent with its value (not only its proto default); a widget the browser has is
left to its own copy; a run that the server starts on its own keeps the URL's warnings (issue
#16: a slider redrawn at its minimum, a multiselect emptied, while the server kept the value)."""

from __future__ import annotations

import pytest

from dashboard.shell import page_state
from dashboard.shell.page_state import DRAWN_KEY, REPORTED_KEY, SERVER_RUN_KEY
from tests.dashboard.conftest import open_page


def _sent_values(at) -> dict[str, bool]:
    """Whether each slider and number box of the run carried its value (``set_value``)."""
    widgets = [*at.slider, *at.number_input]
    return {w.key: bool(w.proto.set_value) for w in widgets if w.key}


@pytest.mark.slow
def test_only_widgets_the_last_run_did_not_draw_are_sent_with_their_value(app):
    at = open_page(app, "compress", amount="0.7")
    at.run()  # every widget was drawn in the run before: nothing is re-sent
    assert at.session_state[DRAWN_KEY] >= {"compress_amount", "shared_seed"}
    assert not any(_sent_values(at).values())

    # As if the last finished run had returned before drawing the amount slider.
    at.session_state[DRAWN_KEY] = at.session_state[DRAWN_KEY] - {"compress_amount"}
    at.run()
    sent = _sent_values(at)
    assert sent["compress_amount"] and not sent["shared_seed"], sent
    assert at.slider(key="compress_amount").value == 0.7  # the value itself is unchanged

    at.slider(key="compress_amount").set_value(0.4).run()  # a student's move: not re-sent
    assert not any(_sent_values(at).values())
    assert at.slider(key="compress_amount").value == 0.4


def test_url_warnings_survive_a_server_started_run_and_go_with_the_next_action(app):
    at = open_page(app, "compress", amount="7")  # out of range
    first = [w.value for w in at.warning]
    assert len(first) == 1 and "amount" in first[0], first
    at.session_state[SERVER_RUN_KEY] = True  # what live()'s placeholder sets before st.rerun()
    at.run()
    assert [w.value for w in at.warning] == first
    assert SERVER_RUN_KEY not in at.session_state  # one run only
    at.slider(key="compress_amount").set_value(0.4).run()  # the student's next action
    assert not at.warning


def test_the_browsers_report_is_recorded_at_the_start_of_each_run(app):
    at = open_page(app, "compress", amount="0.7")
    at.run()  # AppTest, like a browser, sends the state of every widget it has
    assert at.session_state[REPORTED_KEY] >= {"compress_amount", "shared_seed"}


class _Recorder(dict):
    """Session state that records which keys were written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written: list[str] = []

    def __setitem__(self, key, value):
        self.written.append(key)
        super().__setitem__(key, value)


def test_a_widget_drawn_but_not_reported_by_the_browser_is_sent_with_its_value(monkeypatch):
    # The trace behind it: run 1 draws the slider with its value; a polling fragment's request
    # leaves before the browser mounted it (no slider state); the fragment starts the page's
    # rerun, which drew the slider without its value, and the browser showed its minimum.
    state = _Recorder(
        {DRAWN_KEY: frozenset({"amount", "seed"}), REPORTED_KEY: frozenset({"seed"})},
        amount=0.5,
        seed=0,
    )
    monkeypatch.setattr(page_state.st, "session_state", state)
    page_state.resync(["amount", "seed"])
    assert state.written == ["amount"] and state["amount"] == 0.5


def test_a_sections_own_run_adds_what_it_drew_to_what_the_browser_has(monkeypatch):
    # A view switched in a section's run draws a slider the last page run did not: after that
    # run the slider is in the browser, and the section's next run must not send it again (a
    # value re-sent while the student presses on moved the slider back a step).
    state = _Recorder({DRAWN_KEY: frozenset({"view", "seed"})}, view="faithfulness", k=0.3)
    monkeypatch.setattr(page_state.st, "session_state", state)
    monkeypatch.setattr(page_state, "drawn_widget_keys", lambda: frozenset({"view", "k"}))
    page_state.section_run_finished()
    assert state[DRAWN_KEY] == {"view", "seed", "k"}
    state[REPORTED_KEY] = frozenset({"view", "seed", "k"})
    state.written.clear()
    page_state.resync(["view", "k"])
    assert state.written == []
