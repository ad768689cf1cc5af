"""The HTML report: every figure's data, plotly.js exactly once and inline, no external script,
the settings under readable labels, the link and the tables; safe against markup in titles.
The lesson handout: steps in order with prediction boxes, measured lines, figures, the link,
print CSS, offline, both languages."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from components.handout import (
    Handout,
    MeasuredLine,
    build_handout_html,
    lesson_handout,
    markdown_html,
    measured_lines,
)
from components.i18n import STRINGS, t, t_text
from components.lessons import BY_ID as LESSONS
from components.lessons import Lesson
from components.report import Report, SettingLabel, build_html, readable_settings
from dashboard.shell.url_params import PAGE_PARAMS


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
        settings=[("Amount", "0.7"), ("Methods", "Saliency, SmoothGrad")],
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
    for label, value in report.settings:
        assert label in cells and value in cells
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
    report.settings.append((evil, evil))
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


# --- settings under their labels ---------------------------------------------------------------

LABELS = {
    "method": SettingLabel("prune.method", "prune.method.{}"),
    "amount": SettingLabel("prune.amount"),
    "per_channel": SettingLabel("quant.per_channel", switch=True),
    "target": SettingLabel("explain.target", special={"-1": "explain.target_predicted"}),
    "methods": SettingLabel("explain.methods", "explain.method.{}"),
    "prune_first": SettingLabel(
        "cmp.disagree_first", switch=True, group="compress.technique.prune"
    ),
}
QUERY = {
    "method": "l1_unstructured",
    "amount": "0.7",
    "per_channel": "0",
    "target": "-1",
    "methods": "saliency,smoothgrad",
    "prune_first": "1",
    "quant_channel": "3",  # no label: left out
    "picked": "",
}


def test_settings_read_as_the_page_labels_them():
    rows = readable_settings(LABELS, QUERY, "en")
    assert rows == [
        ("Method", "L1 unstructured (smallest weights)"),
        ("Amount", "0.7"),
        ("Per-channel scales", "off"),
        ("Explain the class", "the predicted class"),
        ("Methods", f"{t_text('explain.method.saliency')}, {t_text('explain.method.smoothgrad')}"),
        ("✂️ Pruning · Show disagreements first", "on"),
    ]
    zh = dict(readable_settings(LABELS, QUERY, "zh"))
    assert zh["逐通道缩放"] == "关" and zh["剪枝比例"] == "0.7"


def test_only_settings_the_page_drew_are_listed():
    rows = readable_settings(LABELS, QUERY, "en", shown=lambda key: key == "amount")
    assert rows == [("Amount", "0.7")]


def test_report_lists_no_url_key():
    report = Report(page="Compress", model="m", lang="en")
    report.settings = readable_settings(LABELS, QUERY, "en")
    cells = Parsed(build_html(report)).cells
    assert not set(QUERY) & set(cells)


# --- the lesson handout ------------------------------------------------------------------------

LINK = "http://localhost:8501/compress?model=lenet&study=pruning&step=2&prune_first=1"
MEASURED = {
    0: (MeasuredLine("test accuracy: 98.2\\% ≥ 95.0\\%", True),),
    1: (MeasuredLine("test accuracy: 62.9\\% < 50.0\\%", False),),
}


def fake_measured(lesson, index, lang):
    return MEASURED.get(index)  # steps 3 and 4: not measured yet


def handout(lang: str = "en", lesson: str | Lesson = "pruning", reached: int = 2) -> Handout:
    report = Report(page="Compress", model="LeNet (lenet)", lang=lang, link=LINK)
    bars, heat = figures()
    report.add_figure("Params", bars)
    report.add_table("a table", pd.DataFrame({"prune_first": [1]}))  # tables stay out
    report.add_figure("Heat", heat)
    lesson = LESSONS[lesson] if isinstance(lesson, str) else lesson
    return lesson_handout(lesson, report, reached, measured=fake_measured)


class Handed(HTMLParser):
    """Text by class (``todo``, ``see``, …), step numbers, links and sources of a handout."""

    CLASSES = ("todo", "see", "ml-predict", "ml-measured", "pending", "holds", "differs")

    def __init__(self, text: str):
        super().__init__()
        self.order: list[str] = []  # the classes above, in document order
        self.texts: dict[str, list[str]] = {c: [] for c in self.CLASSES}
        self.steps: list[int] = []
        self.urls: list[str] = []
        self.visible: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, class it collects)
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in {"src", "href"} and v]
        if "data-step" in attrs:
            self.steps.append(int(attrs["data-step"]))
        classes = (attrs.get("class") or "").split()
        hit = next((c for c in self.CLASSES if c in classes), None)
        if hit:
            self.order.append(hit)
            self.texts[hit].append("")
        self._open.append((tag, hit))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self._open]
        if not {"script", "style", "title", "a"} & set(tags):
            self.visible.append(data)
        for _, hit in self._open:
            if hit:
                self.texts[hit][-1] += data


def plain(markdown: str) -> str:
    """What a reader sees of markdown (bold, escapes) once the handout has written it."""
    return Handed(f'<p class="todo">{markdown_html(markdown)}</p>').texts["todo"][0]


def test_handout_holds_the_steps_in_order_with_a_prediction_box_before_each_measurement():
    lesson = LESSONS["pruning"]
    doc = Handed(build_handout_html(handout()))
    n = len(lesson.steps)
    assert doc.steps == list(range(1, n + 1))
    assert doc.texts["todo"] == [plain(t(lesson.step_key(i))) for i in range(n)]
    assert [text.removeprefix("You should see: ") for text in doc.texts["see"]] == [
        plain(t(lesson.see_key(i))) for i in range(n)
    ]
    boxes = [c for c in doc.order if c in {"ml-predict", "ml-measured"}]
    assert boxes == ["ml-predict", "ml-measured"] * n
    assert all(text.strip() == "My prediction:" for text in doc.texts["ml-predict"])


def test_handout_shows_measured_lines_and_says_what_is_not_measured_yet():
    doc = Handed(build_handout_html(handout()))
    assert doc.texts["holds"] == ["✓ As expected: test accuracy: 98.2% ≥ 95.0%"]
    assert doc.texts["differs"] == ["✗ Differs from the lesson: test accuracy: 62.9% < 50.0%"]
    assert len(doc.texts["pending"]) == 2  # steps 3 and 4
    assert all(text.startswith("Not measured yet") for text in doc.texts["pending"])


def test_handout_has_figures_link_print_css_and_is_offline():
    text = build_handout_html(handout())
    doc = Handed(text)
    assert text.count(get_plotlyjs()) == 1
    blocks = figure_blocks(Parsed(text))
    assert [b["data"][0]["type"] for b in blocks] == ["bar", "heatmap"]
    assert "a table" not in text  # figures only: no data dump
    assert "staticPlot: true" in text
    assert "@page{size:A4" in text and "break-inside:avoid" in text
    assert LINK in "".join(doc.visible) or LINK in doc.urls
    # Offline: the share link is the only address; nothing is fetched from anywhere.
    assert [u for u in doc.urls if u.startswith(("http:", "https:", "//"))] == [LINK]
    own = text.replace(get_plotlyjs(), "")
    assert "<link" not in own and "@import" not in own and "url(" not in own
    assert f"torch {handout().report.torch_version}" in text and "machine load" in text


def test_handout_names_no_internal_setting():
    visible = "".join(Handed(build_handout_html(handout())).visible)
    keys = {p.key for params in PAGE_PARAMS.values() for p in params if "_" in p.key}
    assert "prune_first" in keys
    assert not [key for key in keys if key in visible]


def test_chinese_handout():
    lesson = LESSONS["pruning"]
    text = build_handout_html(handout("zh"))
    doc = Handed(text)
    assert '<html lang="zh-CN">' in text
    assert all(box.strip() == "我的预测：" for box in doc.texts["ml-predict"])
    assert doc.texts["todo"] == [plain(t(lesson.step_key(i), "zh")) for i in range(4)]
    assert "第 1 步" in doc.visible and "第 4 步" in doc.visible
    visible = "".join(doc.visible)
    for key, entry in STRINGS.items():  # not one English text of the handout's own
        if key.startswith("handout.") and "{" not in entry["en"]:
            assert entry["en"] not in visible, key
    assert "Step" not in visible and "prediction" not in visible


def test_lesson_without_steps_gets_its_try_text_and_one_box():
    lesson = dataclasses.replace(LESSONS["model_parallel"], steps=())
    doc = Handed(build_handout_html(handout(lesson=lesson, reached=0)))
    assert doc.order.count("ml-predict") == 1
    assert doc.texts["todo"][0].startswith("Try this:")


def test_markup_in_texts_and_lines_cannot_break_out():
    evil = "<img src=x onerror=alert(1)>"
    assert markdown_html(t("handout.see", "en", text=evil)) == (
        "You should see: &lt;img src=x onerror=alert(1)&gt;"
    )
    assert markdown_html("**Amount** 50 \\% \\*") == "<strong>Amount</strong> 50 % *"


def test_measured_lines_never_start_a_measurement(monkeypatch):
    import components.handout as module

    lesson = LESSONS["pruning"]

    def refuse(*args, **kwargs):
        raise AssertionError("measured on download")

    monkeypatch.setattr(module, "step_is_measured", lambda lesson, index: False)
    monkeypatch.setattr(module, "check_step", refuse)
    assert measured_lines(lesson, 0, "en") is None
    monkeypatch.setattr(module, "step_is_measured", lambda lesson, index: True)
    monkeypatch.setattr(module, "check_step", lambda lesson, index: [])
    assert measured_lines(lesson, 0, "en") == ()


def _titles(report: Report) -> list[str]:
    return [item.title for item in report.items]


def test_a_section_run_alone_replaces_its_own_items_in_place():
    """A page section rerun alone (a Streamlit fragment) swaps its figures, tables and numbers
    for new ones where they stood; the rest of the page's stay, in order."""
    report = Report(page="Compress", model="lenet", lang="en")
    report.add_table("header table", pd.DataFrame({"a": [1]}))
    report.open_section("compress/body")
    report.add_figure("old chart", go.Figure())
    report.add_number("accuracy", "0.90")
    report.open_section("compress/body/layers")
    report.add_figure("old layers", go.Figure())
    report.close_section("compress/body")
    report.add_figure("old pairs", go.Figure())
    report.close_section("")
    report.add_table("footer table", pd.DataFrame({"b": [2]}))
    assert _titles(report) == [
        "header table",
        "old chart",
        "old layers",
        "old pairs",
        "footer table",
    ]

    report.open_section("compress/body/layers")  # the inner section alone
    report.add_figure("new layers", go.Figure())
    report.close_section("")
    assert _titles(report) == [
        "header table",
        "old chart",
        "new layers",
        "old pairs",
        "footer table",
    ]

    report.open_section("compress/body")  # the outer one: the inner runs inside it again
    report.add_figure("new chart", go.Figure())
    report.add_number("accuracy", "0.80")
    report.open_section("compress/body/layers")
    report.add_figure("newer layers", go.Figure())
    report.close_section("compress/body")
    report.close_section("")
    assert _titles(report) == ["header table", "new chart", "newer layers", "footer table"]
    assert report.numbers == [("accuracy", "0.80")]


def test_a_section_that_drew_nothing_before_adds_at_the_end():
    report = Report(page="Fuse", model="lenet", lang="en")
    report.add_figure("first", go.Figure())
    report.open_section("fuse/view")
    report.close_section("")
    report.open_section("fuse/view")
    report.add_figure("late", go.Figure())
    assert _titles(report) == ["first", "late"]
