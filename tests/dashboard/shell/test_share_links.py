"""Share links through AppTest: every page parameter set to a non-default value in the URL is
shown by its widget, and the URL the page writes back equals the one it was opened with.

Each page has one URL in which *every* parameter differs from its default; a case opens a view
of it (overriding a key or two where a widget only appears for one value of another, such as the
int8 channel picker that needs per-channel on). A last test checks that the cases together looked
at the widget of every declared parameter, so a new parameter without a case fails here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.shell.state import SHARED_PARAMS, session_key
from dashboard.shell.url_params import PAGE_PARAMS
from tests.dashboard.conftest import APP, TIMEOUT, open_page

pytestmark = pytest.mark.usefixtures("one_thread")

# Non-default shared values: the sidebar's state travels with every page's link.
SHARED = {"lang": "en", "seed": "5"}

COMPRESS = {
    "technique": "quantize",
    "method": "random_unstructured",
    "amount": "0.35",
    "scope": "global",
    "layers": "pick",
    "picked": "conv1,fc1",
    "finetune": "1",
    "inspect": "fc1",
    "qmethod": "static_int8",
    "per_channel": "0",
    "calib": "4",
    "keep": "1",
    "quant_layer": "fc1",
    "quant_channel": "3",
    "width": "0.5",
    "temp": "2.5",
    "alpha": "0.6",
    "epochs": "2",
    "prune_first": "0",
    "quant_first": "0",
    "distill_first": "0",
    "sample": "7",
    "fvariant": "1",
    "attack": "pgd",
    "eps": "0.2",
    "noise_index": "3",
    "llm_variant": "heads_50",
    "llm_prompt": "class Queue:",
    "llm_new_tokens": "32",
}

ACCELERATE = {
    "view": "threads",
    "backends": "eager,int8_dynamic",
    "batch": "4",
    "threads": "1",
    "seq": "16",
    "pmode": "model",
    "stages": "3",
    "splits": "conv2,fc1",
    "schedule": "1f1b",
    "micro": "8",
    "pbatch": "32",
    "psteps": "4",
    "pvariants": "0",
    "llm_prompt": "class Queue:",
    "llm_max_new": "32",
    "llm_batch": "2",
    "llm_threads": "2",
    "llm_repeats": "1",
    "llm_k": "3",
    "llm_spec_new": "16",
}

EXPLAIN = {
    "view": "faithfulness",
    "source": "upload",
    "index": "7",
    "target": "3",
    "methods": "integrated_gradients,smoothgrad,gradcam,occlusion,lime,kernel_shap",
    "opacity": "0.35",
    "signed": "0",
    "focus": "occlusion",
    "k": "0.45",
    "layer": "2",
    "head": "1",
    "sentence": "A dog runs in the park.",
    "reference": "A puppy plays outside.",
    "pamount": "0.3",
    "pmethod": "random_unstructured",
    "agreement_measure": "topk",
    "cmp_kind": "quantize",
    "cmp_qmethod": "fp16",
    "grad_layer": "fc1",
    "param_integrated_gradients_steps": "20",
    "param_smoothgrad_samples": "10",
    "param_smoothgrad_noise": "0.3",
    "param_gradcam_layer": "conv1",
    "param_occlusion_window": "8",
    "param_occlusion_stride": "4",
    "param_lime_samples": "100",
    "param_lime_segmentation": "superpixels",
    "param_lime_size": "7",
    "param_kernel_shap_samples": "100",
    "param_kernel_shap_segmentation": "superpixels",
    "param_kernel_shap_size": "7",
    "inf_method": "full",  # all layers: computed only on its button, so the case stays cheap
    "inf_k": "6",
    "inf_compare": "1",
    "tcav_class": "3",
    "tcav_concepts": "thin,loop",
    "tcav_layers": "conv1,fc1",
    "tcav_runs": "4",
    "tcav_compare": "0",
    "llm_prompt": "class Queue:",
    "llm_new": "4",
    "llm_method": "shapley_sampling",
    "llm_layer": "2",
    "llm_head": "1",
    "llm_variant": "dynamic_int8",
}

FULL = {"compress": COMPRESS, "accelerate": ACCELERATE, "explain": EXPLAIN}
EXPLAIN_PARAM_WIDGETS = tuple(k for k in EXPLAIN if k.startswith("param_"))


@dataclass(frozen=True)
class Case:
    """One view of a page's full URL: ``shown`` maps parameters to the widget showing them
    (``None``: the widget keyed ``<page>_<parameter>``)."""

    page: str
    overrides: dict[str, str]
    shown: dict[str, str | None]
    model: str = "lenet"
    marks: tuple = ()
    click: str | None = None  # a button pressed first (training, for instance)
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "-".join([self.page, self.model, *self.overrides.values()])

    def url(self) -> dict[str, str]:
        return {**SHARED, "model": self.model, **FULL[self.page], **self.overrides}


def _own(*names: str) -> dict[str, None]:
    return dict.fromkeys(names)


CASES = [
    Case(
        "compress",
        {"technique": "prune"},
        _own("technique", "method", "amount", "scope", "layers", "picked", "finetune")
        | {"inspect": "compress_inspect_layer", "prune_first": None},
    ),
    Case(
        "compress",
        # the channel picker needs per-channel; calibration is drawn for static int8 only
        {"technique": "quantize", "per_channel": "1", "qmethod": "static_int8"},
        _own("qmethod", "per_channel", "calib", "keep", "quant_layer", "quant_channel")
        | _own("quant_first"),
    ),
    Case(
        "compress",
        {"technique": "distill"},
        _own("width", "temp", "alpha", "epochs", "distill_first"),
        click="compress_distill_train",
    ),
    Case(
        "compress",
        {"technique": "compare", "kept": "lenet:prune:amount=0.3;lenet:quantize:per_channel=0"},
        _own("sample"),
    ),
    Case(
        "compress",
        {"technique": "forget", "qmethod": "dynamic_int8"},  # PGD transfers to the int8 one
        _own("fvariant", "attack", "eps", "noise_index"),
    ),
    Case(
        "compress",
        {},
        _own("llm_variant", "llm_prompt", "llm_new_tokens"),
        model="gpt",
        marks=(pytest.mark.slow,),
    ),
    Case("accelerate", {"view": "backends"}, _own("view", "backends", "batch", "threads")),
    Case("accelerate", {"view": "parallel"}, _own("pmode", "stages", "splits", "pbatch")),
    Case("accelerate", {"view": "profile"}, _own("psteps", "pvariants"), marks=(pytest.mark.slow,)),
    Case(
        "accelerate",
        {"view": "parallel", "pmode": "pipeline"},  # schedule and micro-batches: pipeline only
        _own("schedule", "micro"),
    ),
    Case(
        "accelerate",
        {"view": "backends", "backends": "eager", "batch": "2"},
        _own("seq"),
        model="minilm",
        marks=(pytest.mark.slow,),
    ),
    Case(
        "accelerate",
        {},
        _own("llm_prompt", "llm_max_new", "llm_batch", "llm_threads", "llm_repeats", "llm_k")
        | _own("llm_spec_new"),
        model="gpt",
        marks=(pytest.mark.slow,),
    ),
    Case(
        "explain",
        {"view": "attributions", "source": "test"},
        _own("view", "source", "index", "target", "methods", "opacity", "signed")
        | _own("agreement_measure", *EXPLAIN_PARAM_WIDGETS),
    ),
    Case("explain", {"source": "upload"}, _own("source")),
    Case(
        "explain",
        {},
        _own("llm_prompt", "llm_new", "llm_method", "llm_layer", "llm_head", "llm_variant"),
        model="gpt",
        marks=(pytest.mark.slow,),
    ),
    Case(
        "explain",
        {"view": "faithfulness", "source": "test"},
        {"focus": "explain_focus_method", "k": None},
    ),
    Case("explain", {"view": "gradients", "source": "test"}, _own("grad_layer")),
    Case(
        "explain",
        {"view": "influence", "source": "test"},
        _own("inf_method", "inf_k", "inf_compare"),  # the variant's controls: after a result
    ),
    Case(
        "explain",
        {"view": "concepts", "source": "test"},
        _own("tcav_class", "tcav_concepts", "tcav_layers", "tcav_runs", "tcav_compare"),
    ),
    Case(
        "explain",
        {"view": "compressed", "source": "test", "cmp_kind": "prune"},
        _own("cmp_kind", "pmethod", "pamount") | {"focus": "explain_cmp_method"},
    ),
    Case(
        "explain",
        {"view": "compressed", "source": "test"},
        _own("cmp_kind", "cmp_qmethod"),
    ),
    Case(
        "explain",
        {"view": "sanity", "source": "test"},
        {"focus": "explain_sanity_method"},
    ),
    Case(
        "explain",
        {"view": "attention", "source": "test"},
        {"layer": "explain_vit_layer", "head": "explain_vit_head"},
        model="tiny_vit",
    ),
    Case(
        "explain",
        {},
        _own("sentence", "reference")
        | {"layer": "explain_text_layer", "head": "explain_text_head"},
        model="minilm",
        marks=(pytest.mark.slow,),
    ),
]

WIDGET_TYPES = (
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "multiselect",
    "toggle",
    "checkbox",
    "number_input",
    "text_area",
    "button_group",
)


def widget(at, key: str):
    for kind in WIDGET_TYPES:
        for element in at.get(kind):
            if getattr(element, "key", None) == key:
                return element
    raise AssertionError(f"no widget keyed {key!r} on the page")


def default_and_value(element) -> tuple[object, object]:
    """What a widget shows in a browser that has no copy of its value (the proto default) and
    what the server holds, in the same terms (floats, option indices, the value itself)."""
    proto, kind = element.proto, element.type
    value = element.value
    if kind == "slider":
        values = value if isinstance(value, (list, tuple)) else [value]
        return list(proto.default), [float(v) for v in values]
    if kind == "select_slider":
        values = value if isinstance(value, (list, tuple)) else [value]
        shown = [proto.options[int(i)] for i in proto.default]
        return shown, [element.format_func(v) for v in values]
    if kind in ("selectbox", "radio"):
        return proto.default, element.index
    if kind in ("multiselect", "button_group"):
        return list(proto.default), list(element.indices)
    return proto.default, value  # toggle, checkbox, number_input, text_area


def setting_widgets(at, keys: set[str]) -> list:
    """The value widgets of the last run whose keys are in ``keys``."""
    return [el for kind in WIDGET_TYPES for el in at.get(kind) if getattr(el, "key", None) in keys]


def assert_defaults_are_values(at, page: str) -> None:
    """Every widget of a setting shows its value as its default too: a browser that mounts it
    without its own copy of the value shows the same (dashboard.shell.page_state.PageState)."""
    keys = {f"{page}_{p.key}" for p in PAGE_PARAMS[page]}
    keys |= {session_key(p.key) for p in SHARED_PARAMS}
    widgets = setting_widgets(at, keys)
    assert widgets
    for element in widgets:
        default, value = default_and_value(element)
        assert default == value, (element.key, default, value)


def url_of(at) -> dict[str, str]:
    """The query string the last run left in the address bar."""
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def parsed(page: str, key: str, raw: str):
    param = next(p for p in PAGE_PARAMS[page] if p.key == key)
    return param.parse(raw)


def url_problems(at) -> list[str]:
    return [w.value for w in at.warning if "URL" in w.value or "invalid value" in w.value]


def test_each_page_url_sets_every_parameter_off_its_default():
    for page, values in FULL.items():
        declared = {p.key: p for p in PAGE_PARAMS[page]}
        assert set(values) == set(declared), page  # nothing missing, nothing invented
        for key, raw in values.items():
            assert declared[key].parse(raw) != declared[key].default, (page, key)
            assert declared[key].encode(declared[key].parse(raw)) == raw, (page, key)  # canonical


def test_cases_look_at_the_widget_of_every_parameter():
    for page in FULL:
        seen = {key for case in CASES if case.page == page for key in case.shown}
        assert seen == {p.key for p in PAGE_PARAMS[page]}, page


@pytest.mark.slow
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_url_round_trip(app, case: Case):
    url = case.url()
    at = open_page(app, case.page, **url)
    if case.click and not at.button(key=case.click).disabled:  # disabled: trained already
        at.button(key=case.click).click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert not url_problems(at), url_problems(at)
    for name, key in case.shown.items():
        shown = widget(at, key or f"{case.page}_{name}").value
        expected = parsed(case.page, name, url[name])
        if name in ("inspect", "focus"):  # one name kept as a list
            expected = expected[0]
        if isinstance(expected, tuple):
            shown = tuple(shown)
        assert shown == expected, (name, shown, expected)
    assert_defaults_are_values(at, case.page)
    written = url_of(at)
    shared = {p.key for p in SHARED_PARAMS}
    assert {k: written.get(k) for k in url} == url
    assert set(written) == shared | {p.key for p in PAGE_PARAMS[case.page]}


# The Fuse page is being built by another engineer: its URL is checked as a round trip, and the
# widgets that exist today must show the link's values.
FUSE = {
    "view": "sample",
    "task": "digit",
    "strategy": "late",
    "sigma": "0.5",
    "snr": "-15.0",
    "drop": "audio",
    "source": "test",
    "index": "7",
    "clip": "3",
    "compare": "gated,tensor",
    "rstrategy": "tensor",
    "epochs": "5",
    "hidden": "32",
}


def test_fuse_url_round_trip(app):
    url = {**SHARED, "model": "lenet", **FUSE}
    at = open_page(app, "fuse", **url)
    assert not url_problems(at), url_problems(at)
    for name in FUSE:
        try:
            shown = widget(at, f"fuse_{name}").value
        except AssertionError:
            continue  # not drawn by this view
        expected = parsed("fuse", name, url[name])
        assert (tuple(shown) if isinstance(expected, tuple) else shown) == expected, name
    assert_defaults_are_values(at, "fuse")
    written = url_of(at)
    assert {k: written.get(k) for k in url} == url


@pytest.mark.parametrize("view", ["compare", "attribution", "train"])
def test_fuse_views_draw_their_settings_at_the_links_values(app, view):
    at = open_page(app, "fuse", **{**SHARED, "model": "lenet", **FUSE, "view": view})
    assert not url_problems(at), url_problems(at)
    assert_defaults_are_values(at, "fuse")


def test_every_default_encodes_to_a_value_its_parser_reads_back():
    # A str default of a list parameter once wrote "focus=i,n,t,e,g,…" into every Explain link.
    for page, params in PAGE_PARAMS.items():
        for param in params:
            assert param.parse(param.encode(param.default)) == param.default or (
                param.encode(param.default) == ""
            ), (page, param.key)


# Accelerate's default view measures for seconds (each time the caches are cleared): the fast
# tier opens it once, in test_home's every-page check; this case runs in the full run.
@pytest.mark.parametrize(
    "page",
    ["compress", pytest.param("accelerate", marks=pytest.mark.slow), "explain", "fuse"],
)
def test_the_link_of_a_default_view_opens_without_warnings(app, page):
    at = open_page(app, page, model="lenet")
    link = url_of(at)
    fresh = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # a new browser, the same link
    again = open_page(fresh, page, **link)
    assert not url_problems(again), url_problems(again)
    assert url_of(again) == link
    assert_defaults_are_values(again, page)
