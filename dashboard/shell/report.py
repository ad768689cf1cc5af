"""What the current view shows, collected for the page's HTML report.

Pages draw figures and tables through :func:`show_chart` and :func:`show_table` instead of
``st.plotly_chart`` / ``st.dataframe``, so the report holds exactly what the user sees; key
numbers go in with :func:`report_number`. The router calls :func:`begin_report` before the page
runs and :func:`report_download` after it, so each script run records afresh.

The report lists the settings the page drew this run under their widgets' labels
(:data:`SETTING_LABELS`); with a lesson open in the page's panel, a lesson handout is offered too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.chart_text import charted
from components.figures import CHART_CONFIG, use_house_template
from components.handout import build_handout_html, lesson_handout
from components.i18n import model_title, t
from components.lessons import BY_ID as LESSONS
from components.report import (
    Report,
    SettingLabel,
    build_html,
    figure_title,
    readable_settings,
)
from components.setting_labels import SETTING_LABELS
from dashboard.shared.figures import text_table
from dashboard.shell.folds import lazy_fold
from dashboard.shell.page_state import DRAWN_KEY, drawn_widget_keys, section_run
from dashboard.shell.presenter import presenter_figure, presenting
from dashboard.shell.state import shared
from models.registry import get_spec

_RUN_KEY = "_report_run"  # session state: the Report of the current script run

# ``import streamlit`` (above) made Streamlit's plotly template the default; the charts keep
# the house one.
use_house_template()


def begin_report(page_title: str) -> DeltaGenerator:
    """Start recording this run's report (called by the router before ``page.run()``).

    Returns the sidebar slot for the download button. Taking the slot now clears the previous
    run's button at once: otherwise, while a slow page computes, the stale button of the page
    before would still be there, and would download that page's report.
    """
    state = shared()
    st.session_state[_RUN_KEY] = Report(page=page_title, model=state.model, lang=state.lang)
    return st.sidebar.empty()


def _current() -> Report | None:
    return st.session_state.get(_RUN_KEY)


def report_section_opened(path: str) -> None:
    """What the page adds now belongs to its section ``path`` (``dashboard.shell.section``):
    in a rerun of that section alone, it replaces what the section added before."""
    report = _current()
    if report is not None:
        report.open_section(path)


def report_section_closed(outer: str) -> None:
    """Back to the section ``outer`` ("" for the page itself)."""
    report = _current()
    if report is not None:
        report.close_section(outer)


def show_chart(
    fig: go.Figure,
    *,
    key: str,
    where: DeltaGenerator | None = None,
    title: str | None = None,
    **kwargs: object,
) -> None:
    """Draw ``fig`` (like ``st.plotly_chart``, in ``where`` if given) and add it to the report,
    under ``title`` or else the figure's own title. In presenter mode the drawn copy has larger
    text and maps (plotly sizes maps from the figure's height, which CSS cannot change)."""
    shown = presenter_figure(fig) if presenting() else fig
    target = where or st
    target.plotly_chart(shown, key=key, config=CHART_CONFIG, **kwargs)
    _chart_as_text(fig, target, key)
    report = _current()
    if report is not None:
        report.add_figure(title if title is not None else figure_title(fig), fig)


AS_TEXT_SUFFIX = "__as_text"  # a chart's key + this: the key of its folded table


def _chart_as_text(fig: go.Figure, where: DeltaGenerator, key: str) -> None:
    """The chart's numbers as a table, folded under it: the text alternative a screen reader
    reads (a plotly chart is a picture to it) and a colour-blind student can use.

    The table is drawn only while it is unfolded (opening it reruns the section): drawn folded,
    every run sent each chart's table and the browser mounted a data grid nobody saw, five a
    Compress step."""
    if not charted(fig):
        return
    box = lazy_fold(t("chart.as_text", shared().lang), key + AS_TEXT_SUFFIX, where=where, icon="📋")
    if box.open:
        box.dataframe(text_table(fig, t("chart.series", shared().lang)), hide_index=True)


def show_table(
    frame: pd.DataFrame,
    *,
    title: str,
    where: DeltaGenerator | None = None,
    csv: str | None = None,
    **kwargs: object,
) -> None:
    """Draw ``frame`` (like ``st.dataframe``) and add it, titled, to the report.

    Args:
        csv: a file stem (``"accelerate_variants"``) to offer the table as a CSV download too;
            it also keys the button, so it must be unique on the page.
    """
    target = where or st
    data = frame if isinstance(frame, pd.DataFrame) else frame.data  # a Styler keeps its frame
    if isinstance(data.index, pd.RangeIndex):  # positions, not labels: no column for them
        kwargs.setdefault("hide_index", True)
    named = not kwargs.get("hide_index") and isinstance(frame, pd.DataFrame)
    shown = _with_row_header(frame, title) if named else frame
    target.dataframe(shown, **kwargs)
    report_table(title, frame)
    if csv:
        index = not isinstance(frame.index, pd.RangeIndex)
        target.download_button(
            t("report.csv", shared().lang),
            frame.to_csv(index=index).encode("utf-8"),  # a few rows: cheap to build every run
            file_name=f"modellens_{shared().model}_{csv}.csv",
            mime="text/csv",
            icon="⬇️",
            key=f"{csv}_csv",
            on_click="ignore",
        )


def _with_row_header(frame: pd.DataFrame, title: str) -> pd.DataFrame:
    """``frame`` with a header over its row labels (the table's title where they have no
    name): a grid column without one is an empty table header to a screen reader (axe rule
    empty-table-header)."""
    if frame.index.name or any(frame.index.names):
        return frame
    named = frame.copy(deep=False)
    named.index.name = title
    return named


def report_number(label: str, value: object) -> None:
    """Add a key number (or setting) that the page shows as text to the report."""
    report = _current()
    if report is not None:
        report.add_number(label, value)


def report_table(title: str, frame: pd.DataFrame) -> None:
    """Add a table to the report without drawing it (one folded away on the page)."""
    report = _current()
    if report is not None:
        report.add_table(title, frame)


def share_link(url_path: str, query: dict[str, str]) -> str:
    """The page's absolute URL with its query string, as the user's browser reaches the app."""
    base = st.context.url or f"http://localhost:{st.get_option('server.port')}"
    parts = urlsplit(base)
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = "/".join(p for p in (prefix, url_path) if p)
    link = f"{parts.scheme}://{parts.netloc}/{path}"
    return f"{link}?{urlencode(query)}" if query else link


def _drawn(group: str, labels: Mapping[str, SettingLabel]) -> Callable[[str], bool]:
    """Whether this run drew the widget of a setting of ``group`` (a page, or "shared").

    Streamlit records the user keys of the widgets created in a run (to refuse duplicates);
    where that record is missing (another Streamlit version), every labelled setting counts.
    """
    keys = drawn_widget_keys()
    if keys is not None and section_run():  # a section's rerun draws only its own widgets
        keys = keys | st.session_state.get(DRAWN_KEY, frozenset())

    def shown(key: str) -> bool:
        if keys is None:
            return True
        return any(w in keys for w in labels[key].widgets or (f"{group}_{key}",))

    return shown


def shown_settings(page: str, query: Mapping[str, str], lang: str) -> list[tuple[str, str]]:
    """(label, value) of the settings in ``query`` that ``page`` drew this run, page first."""
    rows = []
    for group in (page, "shared"):
        labels = SETTING_LABELS.get(group, {})
        rows += readable_settings(labels, query, lang, _drawn(group, labels))
    return rows


def update_report(url_path: str) -> Report | None:
    """Give the run's report the settings and share link of the URL as it stands (after the
    page, or one of its sections, has committed its settings); the report, if any."""
    report = _current()
    if report is None:
        return None
    query = st.query_params.to_dict()
    state = shared()
    report.settings = shown_settings(url_path, query, state.lang)
    report.link = share_link(url_path, query)
    report.lang = state.lang
    spec = get_spec(state.model)
    report.model = f"{model_title(spec.name, spec.title, state.lang)} ({state.model})"
    return report


def report_download(url_path: str, slot: DeltaGenerator) -> None:
    """The buttons (in ``slot``, from :func:`begin_report`) that download this run's report
    and, while a lesson of this page is open in its panel, the lesson handout.

    The HTML is several MB (plotly.js alone is 4.8 MB), so it is built only when the button is
    clicked: ``st.download_button`` accepts a callable for ``data`` and calls it on the click.
    Building it on every rerun, for every student in a class, would cost far more than it saves.
    ``on_click="ignore"`` keeps the click from rerunning (and recomputing) the page.
    """
    report = update_report(url_path)
    if report is None:
        return
    state = shared()
    slot = slot.container()
    slot.download_button(
        t("report.download", state.lang),
        data=lambda: build_html(report).encode("utf-8"),
        file_name=f"modellens_{url_path or 'home'}_{state.model}.html",
        mime="text/html",
        icon="📄",
        key="report_download",
        help=t("report.download_help", state.lang),
        on_click="ignore",
    )
    lesson = LESSONS.get(state.study)
    if lesson is None or lesson.page != url_path:  # the panel shows only on the lesson's page
        return
    reached = state.step
    slot.download_button(
        t("handout.download", state.lang),
        # Built on the click, from measurements already taken: it never starts one.
        data=lambda: build_handout_html(lesson_handout(lesson, report, reached)).encode("utf-8"),
        file_name=f"modellens_lesson_{lesson.id}_{state.lang}.html",
        mime="text/html",
        icon="📝",
        key="handout_download",
        help=t("handout.download_help", state.lang),
        on_click="ignore",
    )
