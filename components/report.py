"""One self-contained HTML report of a page's current view (no streamlit here).

The report holds what the page showed, in its order — plotly figures (interactive), tables and
key numbers — with the page, model, language, the settings the page showed (under their widgets'
labels, never as URL keys), the share link, when it was made and torch's version and thread
count. plotly.js is inlined once for the whole file, so the
report opens offline and never loads a script from a CDN.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.offline import get_plotlyjs
from plotly.utils import PlotlyJSONEncoder

from components.i18n import LANGUAGES, t, t_text


@dataclass(frozen=True)
class SettingLabel:
    """How a page shows one URL setting: the label of its widget and of each value.

    ``options`` is an i18n key with ``{}`` for the value (``"prune.method.{}"``); without it the
    value is shown as it is. A list value (``a,b``) is labelled item by item. ``group`` is the
    key of a heading the widget sits under (a method's name for its own parameters).
    """

    label: str
    options: str = ""
    special: Mapping[str, str] = field(default_factory=dict)  # value → i18n key ("-1": "mean")
    switch: bool = False  # a toggle or checkbox: "1"/"0" read as on/off
    group: str = ""
    widgets: tuple[str, ...] = ()  # widget keys that show it, when not "<page>_<key>"


def readable_settings(
    labels: Mapping[str, SettingLabel],
    values: Mapping[str, str],
    lang: str,
    shown: Callable[[str], bool] = lambda key: True,
) -> list[tuple[str, str]]:
    """(label, value) rows, as the page shows them, of the settings in ``values`` (URL key →
    text) that have a label and that ``shown(key)`` says the page drew; empty values are left
    out. Nothing here names a URL key: a setting without a label is not listed."""
    rows = []
    for key, raw in values.items():
        spec = labels.get(key)
        if spec is None or raw == "" or not shown(key):
            continue
        label = t_text(spec.label, lang)
        if spec.group:
            label = f"{t_text(spec.group, lang)} · {label}"
        rows.append((label, ", ".join(_value_text(spec, v, lang) for v in raw.split(","))))
    return rows


def _value_text(spec: SettingLabel, value: str, lang: str) -> str:
    if value in spec.special:
        return t_text(spec.special[value], lang)
    if spec.switch:
        return t_text("report.on" if value in {"1", "true"} else "report.off", lang)
    return t_text(spec.options.format(value), lang) if spec.options else value


@dataclass(frozen=True)
class ReportFigure:
    title: str
    figure: go.Figure | Mapping[str, Any]


@dataclass(frozen=True)
class ReportTable:
    title: str
    frame: pd.DataFrame


@dataclass
class Report:
    """What one run of a page showed; pages add to it, :func:`build_html` writes it out."""

    page: str  # the page's title, in the report's language
    model: str
    lang: str
    settings: list[tuple[str, str]] = field(default_factory=list)  # (label, value), as shown
    link: str = ""
    items: list[ReportFigure | ReportTable] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())
    torch_version: str = torch.__version__
    threads: int = field(default_factory=torch.get_num_threads)

    # Which section of the page added each item and number ("" outside any), and where the
    # next one goes: a section that runs again alone (a Streamlit fragment) replaces its own
    # items where they were, and the rest of the page's stay (see :meth:`open_section`).
    _owners: list[str] = field(default_factory=list, repr=False)
    _number_owners: list[str] = field(default_factory=list, repr=False)
    _section: str = field(default="", repr=False)
    _cursor: int | None = field(default=None, repr=False)  # None: append
    _number_cursor: int | None = field(default=None, repr=False)

    def open_section(self, path: str) -> None:
        """From now on, items belong to the section ``path`` ("page/part/…"): the items and
        numbers that this section and the sections inside it added before are dropped, and new
        ones go where the first of them stood (at the end where there were none)."""
        self._section = path
        self._cursor = _drop_owned(self.items, self._owners, path, self._cursor)
        self._number_cursor = _drop_owned(
            self.numbers, self._number_owners, path, self._number_cursor
        )

    def close_section(self, outer: str) -> None:
        """Back to the enclosing section ``outer`` (its next items follow this section's)."""
        self._section = outer

    def add_figure(self, title: str, figure: go.Figure | Mapping[str, Any]) -> None:
        self._cursor = _insert(self.items, self._owners, ReportFigure(title, figure), self)

    def add_table(self, title: str, frame: pd.DataFrame) -> None:
        self._cursor = _insert(self.items, self._owners, ReportTable(title, frame), self)

    def add_number(self, label: str, value: object) -> None:
        self._number_cursor = _insert(
            self.numbers, self._number_owners, (label, str(value)), self, numbers=True
        )

    @property
    def figures(self) -> list[ReportFigure]:
        return [item for item in self.items if isinstance(item, ReportFigure)]

    @property
    def tables(self) -> list[ReportTable]:
        return [item for item in self.items if isinstance(item, ReportTable)]


def _drop_owned(items: list, owners: list[str], path: str, cursor: int | None) -> int | None:
    """Remove the entries of section ``path`` and of the sections inside it; the place of the
    first one removed, else ``cursor`` (None: append)."""
    inside = [i for i, owner in enumerate(owners) if owner == path or owner.startswith(path + "/")]
    for i in reversed(inside):
        del items[i], owners[i]
    return inside[0] if inside else cursor


def _insert(items: list, owners: list[str], item: object, report: Report, numbers: bool = False):
    """Put ``item`` at the report's cursor (the end when it has none); the next cursor."""
    cursor = report._number_cursor if numbers else report._cursor
    at = len(items) if cursor is None else min(cursor, len(items))
    items.insert(at, item)
    owners.insert(at, report._section)
    return None if cursor is None else at + 1


def figure_title(figure: go.Figure | Mapping[str, Any]) -> str:
    """The figure's own title text, or ``""``."""
    if isinstance(figure, go.Figure):
        return str(figure.layout.title.text or "")
    title = figure.get("layout", {}).get("title") or {}
    return str(title.get("text") or "") if isinstance(title, Mapping) else str(title)


def figure_json(figure: go.Figure | Mapping[str, Any]) -> str:
    """The figure as plotly JSON (numpy arrays as plotly.js typed-array specs)."""
    if isinstance(figure, go.Figure):
        return figure.to_json()
    return json.dumps(figure, cls=PlotlyJSONEncoder)


@cache
def plotly_js() -> str:
    """plotly.js, to inline once in a document's ``<script>``."""
    js = get_plotlyjs()
    # It is inlined into a <script> element, which the first "</script" would end early.
    assert "</script" not in js.lower()
    return js


def json_for_script(text: str) -> str:
    """JSON ``text`` made safe to put inside a ``<script>`` data block."""
    # "<" only occurs inside JSON strings, where \u003c means the same; this keeps "</script>"
    # in a title or label from ending the data block.
    return text.replace("<", "\\u003c")


def _table_html(frame: pd.DataFrame) -> str:
    data = getattr(frame, "data", frame) if not isinstance(frame, pd.DataFrame) else frame  # Styler
    return data.to_html(
        index=not isinstance(data.index, pd.RangeIndex),
        border=0,
        classes="ml-table",
        na_rep="",
        float_format=lambda v: f"{v:.6g}",
        escape=True,
    )


def _rows(pairs: Sequence[tuple[str, str]], head: tuple[str, str] | None = None) -> str:
    header = ""
    if head:
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        header = f"<thead><tr>{cells}</tr></thead>"
    body = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in pairs
    )
    return f'<table class="ml-table">{header}<tbody>{body}</tbody></table>'


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;
margin:2rem auto;max-width:1100px;padding:0 1rem;color:#262730}
h1{font-size:1.8rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem;margin-top:1.5rem}
.ml-table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
.ml-table th,.ml-table td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.ml-table thead th{background:#f0f2f6}
.ml-figure{width:100%;min-height:360px}
.ml-meta{color:#666;font-size:.85rem}
a{word-break:break-all}
"""

RENDER_JS = """
document.querySelectorAll("script.ml-figure-data").forEach(function (node) {
  var spec = JSON.parse(node.textContent);
  Plotly.newPlot(node.dataset.target, spec.data || [], spec.layout || {},
                 {responsive: true, displaylogo: false});
});
"""


def build_html(report: Report) -> str:
    """The report as one HTML document: plotly.js inlined once, each figure as JSON data."""
    lang = report.lang
    title = t_text("report.title", lang, page=report.page)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{CSS}</style>",
        f"<script>{plotly_js()}</script></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        '<p class="ml-meta">'
        + html.escape(
            t_text(
                "report.created",
                lang,
                time=report.created.strftime("%Y-%m-%d %H:%M:%S %Z").strip(),
                torch=report.torch_version,
                threads=report.threads,
            )
        )
        + " · "
        + html.escape(t("report.offline", lang))
        + "</p>",
        _rows(
            [
                (t("report.page", lang), report.page),
                (t("report.model", lang), report.model),
                (t("report.language", lang), LANGUAGES.get(report.lang, report.lang)),
            ]
        ),
        f"<h2>{html.escape(t('report.link', lang))}</h2>",
        f'<p><a href="{html.escape(report.link, quote=True)}">{html.escape(report.link)}</a></p>',
        f'<p class="ml-meta">{html.escape(t("report.link_help", lang))}</p>',
    ]
    if report.settings:
        parts.append(f"<h2>{html.escape(t_text('report.settings', lang))}</h2>")
        parts.append(
            _rows(
                report.settings,
                head=(t_text("report.setting", lang), t_text("report.value", lang)),
            )
        )
    if report.numbers:
        parts.append(f"<h2>{html.escape(t('report.numbers', lang))}</h2>")
        parts.append(_rows(report.numbers))
    parts.append(f"<h2>{html.escape(t('report.contents', lang))}</h2>")
    if not report.items:
        parts.append(f"<p>{html.escape(t('report.empty', lang))}</p>")
    for number, item in enumerate(report.items):
        figure = isinstance(item, ReportFigure)
        if item.title and not (figure and item.title == figure_title(item.figure)):
            parts.append(f"<h3>{html.escape(item.title)}</h3>")  # plotly draws its own title
        if figure:
            target = f"ml-figure-{number}"
            parts.append(f'<div id="{target}" class="ml-figure"></div>')
            parts.append(
                f'<script type="application/json" class="ml-figure-data" data-target="{target}">'
                f"{json_for_script(figure_json(item.figure))}</script>"
            )
        else:
            parts.append(_table_html(item.frame))
    parts.append(f"<script>{RENDER_JS}</script></body></html>")
    return "\n".join(parts)
