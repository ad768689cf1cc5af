"""Export through AppTest: every page offers its HTML report (built only on the click), the report
holds what the page showed with its settings under their labels, comparison tables download as
CSV, and a lesson handout is offered exactly while a lesson of the page is open."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs
from streamlit.runtime.media_file_manager import MediaFileManager

from components.i18n import t, t_text
from components.lesson_checks import check_step, describe
from components.lessons import BY_ID as LESSONS
from tests.components.test_report import Handed, Parsed, figure_blocks
from tests.dashboard.conftest import open_page, plotly_figures, shown

# Cheap views of each page (the Accelerate backends sweep is tested in test_accelerate.py), and a
# setting row each report must show under the page's own label.
PAGES = {
    "home": {},
    "compress": {"technique": "quantize"},
    "accelerate": {"view": "parallel", "pmode": "pipeline"},
    "explain": {"view": "gradients"},
    "fuse": {"view": "robustness"},
}
SETTING_ROWS = {
    "home": ("Random seed", "0"),
    "compress": ("Technique", "🔢 Quantization"),
    "accelerate": ("Kind of parallelism", "Pipeline parallel"),
    "explain": ("View", "📶 Parameter gradients"),
    "fuse": ("View", "Noise & missing modality"),
}


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """File name → what the download button would serve: a callable for deferred data (not
    called yet, as on a page that nobody exports), bytes for data given up front."""
    served: dict[str, object] = {}
    add_deferred, add = MediaFileManager.add_deferred, MediaFileManager.add

    def deferred(self, fn, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = fn
        return add_deferred(self, fn, mimetype, coordinates, file_name=file_name, **kwargs)

    def eager(self, data, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            served[file_name] = data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    monkeypatch.setattr(MediaFileManager, "add", eager)
    return served


def report_of(downloads, page: str, model: str = "lenet") -> Parsed:
    build = downloads[f"modellens_{page}_{model}.html"]
    assert callable(build)  # built lazily, on the click
    text = build().decode("utf-8")
    assert text.count(get_plotlyjs()) == 1
    return Parsed(text)


# Fuse's report carries its test-set figures (about 10 s on a loaded 2-core machine): full run only.
@pytest.mark.parametrize(
    "page", [pytest.param(p, marks=pytest.mark.slow) if p == "fuse" else p for p in sorted(PAGES)]
)
def test_every_page_offers_a_report_of_what_it_shows(app, downloads, page):
    at = open_page(app, page, **PAGES[page])
    buttons = [
        b for b in at.sidebar.get("download_button") if b.proto.id.endswith("report_download")
    ]
    assert len(buttons) == 1
    assert buttons[0].proto.label == "Download this view (HTML)"
    assert not [b for b in at.sidebar.get("download_button") if "handout" in b.proto.id]
    doc = report_of(downloads, page)
    shown = plotly_figures(at)
    blocks = figure_blocks(doc)
    assert len(blocks) == len(shown) > 0
    assert [b["data"] for b in blocks] == [f["data"] for f in shown]
    assert all("src" not in attrs for attrs, _ in doc.scripts)
    # Settings under the labels the page shows, never a URL key; a share link carries them all.
    text = downloads[f"modellens_{page}_lenet.html"]().decode("utf-8")
    cells = Parsed(text.split("<h2>Settings</h2>")[1].split("<h2>")[0]).cells
    query = {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}
    label, value = SETTING_ROWS[page]
    assert cells[cells.index(label) + 1] == value
    assert not set(query) & set(cells)
    link = next(href for href in doc.links if "?" in href)
    parts = urlsplit(link)
    assert parts.path == ("/" if page == "home" else f"/{page}")
    assert {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()} == query
    for key, value in PAGES[page].items():
        assert query[key] == value


def test_home_report_has_the_model_card_numbers_and_architecture(app, downloads):
    open_page(app, "home")
    doc = report_of(downloads, "home")
    cells = doc.cells
    assert "Parameters" in cells and "21,840" in cells
    assert "Architecture" in doc.headings
    assert "conv1" in cells and "fc2" in cells


def test_report_follows_the_language(app, downloads):
    open_page(app, "home", lang="zh")
    doc = report_of(downloads, "home")
    assert doc.headings[0] == "ModelLens 报告：首页"
    assert "简体中文" in doc.cells


def test_comparison_tables_download_as_csv(app, downloads):
    at = open_page(app, "compress", technique="quantize")
    assert [b for b in at.get("download_button") if b.proto.label == "Download as CSV"]
    frame = pd.read_csv(io.BytesIO(downloads["modellens_comparison.csv"]))
    assert frame["variant"].iloc[0] == "Original"
    assert {"quality", "size_bytes", "latency_ms"} <= set(frame.columns)
    assert frame["size_bytes"].iloc[1] < frame["size_bytes"].iloc[0]


def test_gradient_table_downloads_as_csv(app, downloads):
    open_page(app, "explain", view="gradients")
    frame = pd.read_csv(io.BytesIO(downloads["modellens_lenet_explain_gradients.csv"]))
    assert {"layer", "param", "grad_norm"} <= set(frame.columns)
    assert len(frame) == 8  # weight and bias of LeNet's four layers


def test_report_figure_json_is_valid_plotly(app, downloads):
    open_page(app, "explain", view="gradients")
    for block in figure_blocks(report_of(downloads, "explain")):
        assert isinstance(block["data"], list) and "layout" in block
        json.dumps(block)


def handout_buttons(at) -> list:
    return [b for b in at.sidebar.get("download_button") if b.proto.id.endswith("handout_download")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_handout_is_offered_with_an_open_lesson_and_parses(app, downloads, lang):
    lesson = LESSONS["quantization"]
    check_step(lesson, 0)  # step 1 measured (about 0.1 s): its lines go into the handout
    settings = {**lesson.settings_at(1), "study": lesson.id, "step": "2", "lang": lang}
    at = open_page(app, "compress", **settings)
    [button] = handout_buttons(at)
    assert button.proto.label == t("handout.download", lang)
    build = downloads[f"modellens_lesson_quantization_{lang}.html"]
    assert callable(build)  # built on the click only
    text = build().decode("utf-8")
    doc = Handed(text)
    assert doc.steps == [1, 2, 3]
    assert doc.order.count("ml-predict") == 3
    first = [
        t_text("handout.holds", lang, line=shown(describe(r, lang))) for r in check_step(lesson, 0)
    ]
    # Step 1 leads; later steps follow when this process has measured them too (another test).
    assert doc.texts["holds"][: len(first)] == first
    assert len(figure_blocks(Parsed(text))) == len(plotly_figures(at)) > 0
    link = next(u for u in doc.urls if u.startswith("http"))
    query = parse_qs(urlsplit(link).query)
    assert query["study"] == ["quantization"] and query["step"] == ["2"]
    assert "prune_first" not in "".join(doc.visible)


def test_no_handout_without_a_lesson_of_this_page(app, downloads):
    at = open_page(app, "home", study="quantization", step="1")  # taught on Compress
    assert not handout_buttons(at)
    assert not [name for name in downloads if name.startswith("modellens_lesson_")]
