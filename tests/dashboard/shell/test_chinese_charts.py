"""The Chinese screen in Chinese: every chart's title, axis titles, colour-bar titles, legend
names and subplot titles, and every table's headers, on each page's default views, contain no
English word outside an allow-list of names and units, and no markdown escapes (``t()`` output
in a plain-text sink shows its backslashes)."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.conftest import open_page, plotly_figures

# Names and units kept as they are in Chinese UIs: models, libraries, methods, formats, units.
_NAMES = """
    lenet cnn vit vision transformer minilm all-minilm-l6-v2 bert onnx onnxruntime runtime
    torch pytorch torchao captum eager compile inductor int8 fp16 fp32 bf16 fp amx avx vnni
    onednn fbgemm cpu fx ptq pt2e cls sep mlp relu softmax logit gat gpipe 1f1b
    shapley lime shap grad-cam gradcam smoothgrad ig sqnr iqr spearman top-k top-1 kl cos
    gflop gop flops flop ms db gflop/s gop/s kib mib vs
"""
ALLOWED = set(_NAMES.split())
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-/]*")
ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|\u2060")

# (page, URL parameters): each page's default view, plus the views whose charts changed.
PAGES = [
    ("home", {}),
    ("compress", {}),
    ("explain", {}),
    ("explain", {"view": "compressed"}),
    ("accelerate", {}),
    ("fuse", {"view": "robustness"}),
    ("fuse", {"view": "attribution"}),
]


def _title(value) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def chart_texts(fig: dict) -> list[str]:
    """Titles, axis and colour-bar titles, legend names and annotations of a figure dict."""
    layout = fig.get("layout", {})
    texts = [_title(layout.get("title"))]
    for name, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", name) and isinstance(axis, dict):
            texts.append(_title(axis.get("title")))
    texts += [str(a.get("text") or "") for a in layout.get("annotations", [])]
    for trace in fig.get("data", []):
        if trace.get("showlegend", True) and trace.get("name"):
            texts.append(str(trace["name"]))
        for holder in (trace, trace.get("marker") or {}):
            if isinstance(holder.get("colorbar"), dict):
                texts.append(_title(holder["colorbar"].get("title")))
    return [t for t in texts if t]


def table_texts(at) -> list[str]:
    texts = []
    for frame in at.dataframe:
        df = frame.value
        texts += [str(c) for c in df.columns]
        texts += [str(n) for n in df.index.names if n is not None]
    return texts


def english_words(text: str) -> list[str]:
    """Latin words of ``text`` that are not allowed names; identifiers with a digit, a dot or
    an underscore (layer names such as ``conv1``, ``blocks.0.attn``) are the model's own."""
    text = re.sub(r"<[^>]+>", " ", text)  # plotly's <br>, <sub>, <b>
    return [
        w
        for w in WORD.findall(text)
        if len(w) > 1 and w.lower().strip("-/") not in ALLOWED and not re.search(r"[\d_.]", w)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("page", "params"), PAGES, ids=lambda v: str(v))
def test_chinese_charts_and_tables_have_no_english(app, page, params):
    at = open_page(app, page, lang="zh", **params)
    figures = plotly_figures(at)
    texts = [t for fig in figures for t in chart_texts(fig)] + table_texts(at)
    assert texts, "the page drew no chart or table"
    english = {t: words for t in texts if (words := english_words(t))}
    escaped = [t for t in texts if ESCAPE.search(t)]
    assert not english, english
    assert not escaped, escaped
