"""The HTML report: every figure's data, plotly.js exactly once and inline, no external script,
the settings, the link and the tables; safe against markup in titles."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from components.report import Report, build_html


class Parsed(HTMLParser):
    """Script elements (attributes, text), headings, table cells and links of a document."""

    def __init__(self, text: str):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.headings: list[str] = []
        self.cells: list[str] = []
        self.links: list[str] = []
        self._stack: list[str] = []
        self._attrs: dict = {}
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._stack.append(tag)
        if tag in {"script", "h1", "h2", "h3", "td", "th"}:
            self._attrs, self._text = dict(attrs), []
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        if self._stack and self._stack[-1] in {"script", "h1", "h2", "h3", "td", "th"}:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = "".join(self._text)
        if tag == "script":
            self.scripts.append((self._attrs, text))
        elif tag in {"h1", "h2", "h3"}:
            self.headings.append(text)
        elif tag in {"td", "th"}:
            self.cells.append(text)
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()


def figures() -> list[go.Figure]:
    bars = go.Figure(go.Bar(x=["conv1", "conv2"], y=[260, 5020]), layout={"title": "Params"})
    heat = go.Figure(go.Heatmap(z=np.arange(6.0).reshape(2, 3)), layout={"title": "Heat"})
    return [bars, heat]


@pytest.fixture
def report() -> Report:
    r = Report(
        page="Compress",
        model="LeNet (lenet)",
        lang="en",
        settings={"page": "compress", "model": "lenet", "amount": "0.7", "methods": "a,b"},
        link="http://localhost:8501/compress?model=lenet&amount=0.7&methods=a%2Cb",
    )
    bars, heat = figures()
    r.add_figure("Params", bars)
    r.add_table("Original vs compressed", pd.DataFrame({"metric": ["size"], "x": [0.123456789]}))
    r.add_figure("Heat", heat)
    r.add_number("Test accuracy", "98.2%")
    return r


def figure_blocks(doc: Parsed) -> list[dict]:
    return [
        json.loads(text) for attrs, text in doc.scripts if attrs.get("class") == "ml-figure-data"
    ]


def test_every_figure_is_embedded_with_its_data(report):
    doc = Parsed(build_html(report))
    blocks = figure_blocks(doc)
    expected = [json.loads(item.figure.to_json()) for item in report.figures]
    assert [b["data"] for b in blocks] == [e["data"] for e in expected]
    assert blocks[0]["data"][0]["y"] == [260, 5020]
    z = blocks[1]["data"][0]["z"]  # numpy arrays travel as plotly.js typed-array specs
    assert z["dtype"] == "f8" and z["shape"] == "2, 3"


def test_plotly_js_inline_exactly_once_and_no_external_script(report):
    text = build_html(report)
    assert text.count(get_plotlyjs()) == 1
    doc = Parsed(text)
    assert all("src" not in attrs for attrs, _ in doc.scripts)
    assert "<link" not in text  # no stylesheet or font from elsewhere either
    inline = [body for attrs, body in doc.scripts if not attrs]
    assert len(inline) == 2  # plotly.js, then the few lines that draw each figure
    assert "Plotly.newPlot" in inline[1]


def test_one_plotly_js_for_many_figures(report):
    one = len(build_html(report))
    for fig in figures() * 5:
        report.add_figure("more", fig)
    assert len(build_html(report)) - one < 200_000  # ten more figures: no extra plotly.js
    assert build_html(report).count(get_plotlyjs()) == 1


def test_settings_link_numbers_and_tables(report):
    doc = Parsed(build_html(report))
    assert report.link in doc.links
    cells = doc.cells
    for key, value in report.settings.items():
        assert key in cells and value in cells
    assert "Test accuracy" in cells and "98.2%" in cells
    assert "0.123457" in cells  # floats at 6 significant digits
    assert "LeNet (lenet)" in cells and "English" in cells
    assert doc.headings[:1] == ["ModelLens report: Compress"]
    assert "Original vs compressed" in doc.headings
    assert "Params" not in doc.headings  # a figure's own title is drawn by plotly, not twice


def test_created_torch_and_threads_are_stated(report):
    text = build_html(report)
    assert f"torch {report.torch_version}" in text
    assert f"{report.threads} thread(s)" in text
    assert report.created.strftime("%Y-%m-%d") in text


def test_chinese_report(report):
    report.lang = "zh"
    doc = Parsed(build_html(report))
    assert doc.headings[0] == "ModelLens 报告：Compress"
    assert "设置" in doc.headings and "简体中文" in doc.cells


def test_markup_in_titles_and_data_cannot_break_out(report):
    evil = "</script><script>alert(1)</script>"
    report.add_figure(evil, go.Figure(go.Bar(x=[evil], y=[1]), layout={"title": evil}))
    report.add_table(evil, pd.DataFrame({evil: [evil]}))
    report.settings["x"] = evil
    text = build_html(report)
    doc = Parsed(text)
    assert "alert(1)" not in "".join(body for _, body in doc.scripts if "Plotly.newPlot" in body)
    assert len(doc.scripts) == 2 + len(report.figures)  # nothing injected
    assert figure_blocks(doc)[-1]["data"][0]["x"] == [evil]  # yet the data is intact


def test_empty_view_says_so():
    doc = Parsed(build_html(Report(page="Home", model="m", lang="en")))
    assert figure_blocks(doc) == []
    assert "This view showed no figures or tables." in build_html(
        Report(page="Home", model="m", lang="en")
    )
