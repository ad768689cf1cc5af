"""Every chart can be read without seeing it (issue #17): a title, labelled axes, and its
numbers as a table folded under it, on each page's default views and the views with most
charts, in both languages."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from components.chart_text import chart_problems
from components.figures import CHART_CONFIG
from components.i18n import t
from dashboard.shell.report import AS_TEXT_SUFFIX
from tests.dashboard.conftest import open_page, plotly_figures

VIEWS = [
    ("home", {}),
    ("compress", {}),
    ("compress", {"technique": "quantize"}),
    ("explain", {"view": "gradients"}),
    ("accelerate", {"view": "threads"}),
    ("fuse", {"view": "attribution"}),
    ("fuse", {"view": "attention"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("page", "params"), VIEWS, ids=lambda v: str(v))
def test_every_chart_is_titled_labelled_and_has_its_table(app, page, params, lang):
    at = open_page(app, page, lang=lang, **params)
    figures = [go.Figure(fig) for fig in plotly_figures(at)]
    assert figures, "the page drew no chart"
    lacking = {
        str(fig.layout.title.text): problems for fig in figures if (problems := chart_problems(fig))
    }
    assert not lacking, lacking
    as_text = [e for e in at.expander if e.label == t("chart.as_text", lang)]
    assert len(as_text) == len(figures)
    assert not [e for e in as_text if e.dataframe]  # folded: no table sent, none mounted
    keys = [k for k in at.session_state if str(k).endswith(AS_TEXT_SUFFIX)]
    assert len(keys) == len(figures)
    for key in keys:  # unfolded, each holds a table of its chart's numbers
        at.session_state[key] = True
    at.run()
    as_text = [e for e in at.expander if e.label == t("chart.as_text", lang)]
    assert len(as_text) == len(figures)
    for expander in as_text:
        (table,) = expander.dataframe
        assert len(table.value) > 0


def test_every_chart_has_the_short_toolbar_and_the_house_template(app):
    """Zoom, pan, reset and "download as PNG", no selection tools or logo: plotly.js rebuilds the
    toolbar with each changed chart, and the short one saves a tenth of that work (issue #16).
    The house template, not the one importing streamlit makes plotly's default."""
    at = open_page(app, "home")
    charts = at.get("plotly_chart")
    assert charts, "the page drew no chart"
    for chart in charts:
        axis = json.loads(chart.proto.spec)["layout"]["template"]["layout"]["xaxis"]
        assert axis["ticklabeloverflow"] == "allow"
    configs = [json.loads(el.proto.config) for el in charts]
    for config in configs:
        assert config["displaylogo"] is False
        assert set(config["modeBarButtonsToRemove"]) == set(CHART_CONFIG["modeBarButtonsToRemove"])
        assert "toImage" not in config["modeBarButtonsToRemove"]
