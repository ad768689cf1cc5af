"""Presenter mode: type, charts and maps readable from the back of a classroom.

One fixed stylesheet written here (never built from user text) and the folded sidebar. The
sizes are the issue's floor, checked in a real browser by ``tests/browser/test_presenter_browser``:
body text ≥ 20 px, chart text ≥ 18 px, explanation maps and digits ≥ 300 px.

CSS cannot enlarge a map: plotly sizes a heatmap panel from the figure's height (250 px a row in
the attribution grid), in JavaScript, and a CSS zoom of the chart overflows its column (tried in
Chromium). :func:`presenter_figure` makes the figure itself taller; the one place every page's
charts pass through (``dashboard.shell.report.show_chart``) is where it belongs.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

BODY_PX = 22  # ≥ 20 px body; Streamlit sizes text in rem, so the root size scales it all
CHART_TEXT_PX = 18  # plotly draws 12–13 px; CSS wins over its inline SVG styles
MAP_PX = 300  # explanation maps and digits: a panel's side, at least
# Room above the maps for the first row's two-line caption (later rows' sit in the row gaps).
ROW_EXTRA_PX = 60

PRESENTER_CSS = f"""<style>
html {{ font-size: {BODY_PX}px !important; }}
[data-testid="stMain"] [data-testid="stMarkdownContainer"]
  :is(p, li, span):not(:is(h1, h2, h3, h4) *),
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p {{
  font-size: {BODY_PX}px !important;
  line-height: 1.45;
}}
[data-testid="stMain"] .js-plotly-plot .main-svg text {{
  font-size: {CHART_TEXT_PX}px !important;
}}
[data-testid="stMain"] .js-plotly-plot .main-svg text tspan {{ font-size: inherit !important; }}
[data-testid="stMain"] .js-plotly-plot .main-svg text.gtitle {{
  font-size: {CHART_TEXT_PX + 6}px !important;
}}
.st-key-lesson_panel [data-testid="stHorizontalBlock"]:has([data-testid="stBaseButton-primary"])
  [data-testid="stMarkdownContainer"] p {{
  font-size: {BODY_PX + 8}px !important;
  font-weight: 600;
}}
.st-key-lesson_panel [data-testid="stBaseButton-primary"] {{
  min-width: 2.6em;
  min-height: 2.2em;
  font-size: {BODY_PX + 8}px;
}}
</style>"""


def apply_presenter(on: bool) -> None:
    """Fold the sidebar and inject the stylesheet when ``on``; give the sidebar back when off.

    ``initial_sidebar_state`` is re-sent on every run: Streamlit 1.67's frontend applies a changed
    value (unless this browser's user folded or opened the sidebar by hand, which it remembers).
    """
    st.set_page_config(initial_sidebar_state="collapsed" if on else "auto")
    if on:
        st.html(PRESENTER_CSS)


def presenting() -> bool:
    """Whether this session is in presenter mode."""
    return bool(st.session_state.get("shared_present", False))


# Digits a row in presenter mode: the main column is about 1,180 px wide, so 3 leave each digit
# about 390 px (5, the normal grid, gave 213 px).
PRESENTER_GRID_COLUMNS = 3


def grid_columns(columns: int) -> int:
    """Columns of a digit grid: at most :data:`PRESENTER_GRID_COLUMNS` in presenter mode."""
    return min(columns, PRESENTER_GRID_COLUMNS) if presenting() else columns


def column_widths(normal: list[float], presenter: list[float]) -> list[float]:
    """``st.columns`` widths: ``presenter`` gives a digit's column room for ≥ 300 px."""
    return presenter if presenting() else normal


def presenter_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` for a projector: text at least :data:`CHART_TEXT_PX`, and a figure with
    heatmaps (maps over a digit, agreement matrices) tall enough for :data:`MAP_PX` panels."""
    out = go.Figure(fig)
    out.update_layout(font_size=max(CHART_TEXT_PX, out.layout.font.size or 0))
    out.update_annotations(font_size=CHART_TEXT_PX)
    if any(isinstance(trace, go.Heatmap | go.Image) for trace in out.data):
        # The smallest row's share of the plot area sets how tall the plot must be for its
        # maps to reach MAP_PX; captions and titles sit in the margins and the row gaps.
        domains = [out.layout[k].domain for k in out.layout if k.startswith("yaxis")]
        share = min((d[1] - d[0] for d in domains if d is not None), default=1.0)
        share = min(share, _picture_share(out))
        margins = (out.layout.margin.t or 80) + (out.layout.margin.b or 80)
        needed = MAP_PX / max(share, 0.05) + margins + ROW_EXTRA_PX
        out.update_layout(height=max(out.layout.height or 0, round(needed)))
    return out


def _picture_share(fig: go.Figure) -> float:
    """The tallest picture's share of the y range in a grid of pictures on one pair of axes
    (:func:`components.figures.image_grid`: pictures placed by their origin); 1 otherwise."""
    span = fig.layout.yaxis.range
    heights = [
        len(trace.z)
        for trace in fig.data
        if isinstance(trace, go.Heatmap | go.Image) and trace.y0 is not None and trace.z is not None
    ]
    if span is None or not heights or span[0] == span[1]:
        return 1.0
    return min(1.0, max(heights) / abs(span[1] - span[0]))
