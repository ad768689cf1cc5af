"""What the current view shows, collected for the page's HTML report.

Pages draw figures and tables through :func:`show_chart` and :func:`show_table` instead of
``st.plotly_chart`` / ``st.dataframe``, so the report holds exactly what the user sees; key
numbers go in with :func:`report_number`. The router calls :func:`begin_report` before the page
runs and :func:`report_download` after it, so each script run records afresh.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.i18n import t
from components.report import Report, build_html, figure_title
from dashboard.state import shared
from models.registry import get_spec

_RUN_KEY = "_report_run"  # session state: the Report of the current script run


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


def show_chart(
    fig: go.Figure,
    *,
    key: str,
    where: DeltaGenerator | None = None,
    title: str | None = None,
    **kwargs: object,
) -> None:
    """Draw ``fig`` (like ``st.plotly_chart``, in ``where`` if given) and add it to the report,
    under ``title`` or else the figure's own title."""
    (where or st).plotly_chart(fig, key=key, **kwargs)
    report = _current()
    if report is not None:
        report.add_figure(title if title is not None else figure_title(fig), fig)


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
    target.dataframe(frame, **kwargs)
    report = _current()
    if report is not None:
        report.add_table(title, frame)
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


def report_number(label: str, value: object) -> None:
    """Add a key number (or setting) that the page shows as text to the report."""
    report = _current()
    if report is not None:
        report.add_number(label, value)


def share_link(url_path: str, query: dict[str, str]) -> str:
    """The page's absolute URL with its query string, as the user's browser reaches the app."""
    base = st.context.url or f"http://localhost:{st.get_option('server.port')}"
    parts = urlsplit(base)
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = "/".join(p for p in (prefix, url_path) if p)
    link = f"{parts.scheme}://{parts.netloc}/{path}"
    return f"{link}?{urlencode(query)}" if query else link


def report_download(url_path: str, slot: DeltaGenerator) -> None:
    """The button (in ``slot``, from :func:`begin_report`) that downloads this run's report.

    The HTML is several MB (plotly.js alone is 4.8 MB), so it is built only when the button is
    clicked: ``st.download_button`` accepts a callable for ``data`` and calls it on the click.
    Building it on every rerun, for every student in a class, would cost far more than it saves.
    ``on_click="ignore"`` keeps the click from rerunning (and recomputing) the page.
    """
    report = _current()
    if report is None:
        return
    query = st.query_params.to_dict()  # the page has committed every setting by now
    report.settings = {"page": url_path or "home", **query}
    report.link = share_link(url_path, query)
    state = shared()
    report.lang = state.lang
    report.model = f"{get_spec(state.model).title} ({state.model})"
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
