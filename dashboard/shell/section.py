"""Sections: the parts of a page that rerun on their own (issue #16).

A control inside a section reruns that section only (a Streamlit fragment): not the sidebar,
the header, the lesson panel or the other sections, so the browser gets and redraws only what
the control can change. What the whole page did at the end of its run, a section does at the
end of each of its own runs: the page's settings go to the URL (a share link follows every
control), and the page's report holds the section's new figures and tables in place of the ones
it drew before.

A section must draw everything that depends on its controls, and nothing outside it may depend
on them. Sections nest: a control of an inner section reruns only that one.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

import streamlit as st

from components.background import PAGE_RUNS
from components.i18n import t
from dashboard.shell.page_state import (
    PageState,
    note_browser_report,
    section_run,
    section_run_finished,
)
from dashboard.shell.report import report_section_closed, report_section_opened, update_report
from dashboard.shell.state import shared

logger = logging.getLogger("modellens")
_PATH_KEY = "_section_path"  # session state: the section being drawn ("" outside any)


def section(name: str, settings: PageState, render: Callable[..., None], *args: object) -> None:
    """Draw ``render(*args)`` as the section ``name`` of the page whose settings are
    ``settings``: a control inside it reruns only it."""
    outer = st.session_state.get(_PATH_KEY, "")
    path = f"{outer}/{name}" if outer else f"{settings.page}/{name}"
    _run(path, outer, settings, render, args)


@st.fragment
def _run(
    path: str,
    outer: str,
    settings: PageState,
    render: Callable[..., None],
    args: tuple[object, ...],
) -> None:
    alone = section_run() and not st.session_state.get(_PATH_KEY)
    if alone:  # the browser asked for this run: what it has, as at the start of a page's run
        note_browser_report()
        settings.restore()
    st.session_state[_PATH_KEY] = path
    report_section_opened(path)
    try:
        # Heavy background work gives the cores to a section's own run, as to a page's.
        with PAGE_RUNS.running() if alone else contextlib.nullcontext():
            render(*args)
        if alone:  # finished (an interrupted run sent only part of its widgets)
            section_run_finished()
    except Exception as err:  # Streamlit's rerun/stop signals are BaseException: they pass
        if not alone:
            raise  # the page's run names it (dashboard/app.py)
        # A section's own run is not inside the page's: name the failure here, never a trace.
        logger.exception("section %s failed", path)
        st.error(t("error.page", shared().lang, kind=type(err).__name__), icon="🚫")
    finally:
        # After a run of this section alone nothing encloses it: the next run starts outside.
        st.session_state[_PATH_KEY] = "" if alone else outer
        report_section_closed("" if alone else outer)
        if alone:  # in the page's run (or an outer section's) that one commits at its end
            settings.commit()
            update_report(settings.page)
