"""Bad input on every page through AppTest: broken and hostile uploads, empty and huge text,
every numeric URL parameter at both ends of its declared bounds, garbage query strings, and a
pickle with a code payload offered as weights. Each gives a clear message, never an exception
(neither an exception element nor the router's "something went wrong" fallback), and a normal
run afterwards works."""

from __future__ import annotations

import inspect
import io
import os
import pickle
import re

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import save

from components.explain.inputs import MAX_PIXELS, MAX_UPLOAD_BYTES
from components.i18n import STRINGS, t
from dashboard.shared.resources import shared_model, startup_user_models
from dashboard.shell.pages import page_file
from dashboard.shell.state import SHARED_PARAMS
from dashboard.shell.url_params import PAGE_PARAMS
from models.data import load_digits_split
from models.registry import REGISTRY
from models.user_models import ENV_VAR, unregister_user_models
from tests.dashboard.conftest import ROOT, figure, metrics, open_page, shown
from tests.digit_png import render_digit_png

pytestmark = pytest.mark.usefixtures("one_thread")

PAGE_FAILED = t("error.page", "en", kind="").split("(")[0]  # the router's catch-all message


def messages(at) -> str:
    return " ".join(m.value for kind in (at.warning, at.error, at.info) for m in kind)


def assert_usable(at) -> None:
    """No exception element and no page that failed behind the router's catch-all."""
    assert not at.exception, [e.value for e in at.exception]
    assert not any(PAGE_FAILED in e.value for e in at.error), [e.value for e in at.error]


# --- Explain: uploaded pictures ------------------------------------------------------------


def _png(array: np.ndarray, mode: str | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array, mode).save(buffer, format="PNG")
    return buffer.getvalue()


def _too_many_pixels() -> bytes:
    side = int(MAX_PIXELS**0.5) + 1  # one row and column over the limit; compresses to ~100 kB
    return _png(np.zeros((side, side), np.uint8))


def _digit_on_transparent() -> bytes:
    """A test digit drawn as opaque ink on a fully transparent background."""
    data = load_digits_split()
    ink = np.asarray(
        Image.open(
            io.BytesIO(
                render_digit_png(
                    data.denormalise(data.x_test[:1])[0, 0].clamp(0, 1).numpy(),
                    128,
                    dark_on_light=False,
                )
            )
        )
    )
    rgba = np.zeros((*ink.shape, 4), np.uint8)
    rgba[..., 3] = ink  # black ink where the digit is, nothing elsewhere
    return _png(rgba, "RGBA")


UPLOADS = {
    "corrupt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "explain.error.not_an_image"),
    "truncated": (render_digit_png(np.eye(8), 64)[:60], "explain.error.not_an_image"),
    "empty": (b"", "explain.error.empty_upload"),
    "over_the_size_limit": (
        b"\xff\xd8\xff" + bytes(MAX_UPLOAD_BYTES),
        "explain.error.upload_too_large",
    ),
    "too_many_pixels": (_too_many_pixels(), "explain.error.image_too_large"),
    "transparent": (_png(np.zeros((64, 64, 4), np.uint8), "RGBA"), "explain.error.blank_image"),
    "text_renamed_png": (b"hello, I am not a picture", "explain.error.not_an_image"),
}


def literal(key: str) -> str:
    """The longest fixed part of message ``key`` in English (what any filled-in text contains)."""
    return max(re.split(r"\{[^}]*\}", STRINGS[key]["en"]), key=len).strip()


@pytest.fixture(scope="module")
def good_digit() -> bytes:
    data = load_digits_split()
    return render_digit_png(data.denormalise(data.x_test[:1])[0, 0].clamp(0, 1).numpy(), 96)


@pytest.mark.parametrize("case", list(UPLOADS))
def test_bad_uploads_explain_and_recover(app, case, good_digit):
    content, key = UPLOADS[case]
    at = open_page(app, "explain", source="upload", methods="saliency,gradcam")
    at.file_uploader(key="explain_upload").set_value((f"{case}.png", content, "image/png")).run()
    assert_usable(at)
    assert literal(key) in messages(at), messages(at)
    at.file_uploader(key="explain_upload").set_value(("digit.png", good_digit, "image/png")).run()
    assert_usable(at)
    assert figure(at, "Why class")  # the same session explains a good picture next


def test_ink_on_a_transparent_background_is_explained(app):
    at = open_page(app, "explain", source="upload", methods="saliency")
    upload = ("digit.png", _digit_on_transparent(), "image/png")
    at.file_uploader(key="explain_upload").set_value(upload).run()
    assert_usable(at)
    assert not at.warning, [w.value for w in at.warning]
    assert figure(at, "Why class")


# --- Explain: MiniLM sentences -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("field", ["sentence", "reference"])
@pytest.mark.parametrize("text", ["", "   ", "word " * 2000], ids=["empty", "blank", "10k"])
def test_bad_sentences_explain_and_recover(app, field, text):
    at = open_page(app, "explain", model="minilm")
    at.text_area(key=f"explain_{field}").set_value(text[:10_000]).run()
    assert_usable(at)
    assert messages(at), "a message says what is wrong"
    at.text_area(key=f"explain_{field}").set_value("A cat sleeps on the sofa.").run()
    assert_usable(at)
    assert figure(at, "Which tokens make the two sentences similar")


@pytest.mark.slow
def test_a_10k_character_sentence_in_the_url_is_refused(app):
    at = open_page(app, "explain", model="minilm", sentence="x" * 10_000)
    assert_usable(at)
    assert any("sentence" in w.value and "invalid value" in w.value for w in at.warning)
    assert figure(at, "Which tokens make the two sentences similar")  # with the default text


@pytest.mark.slow
def test_an_example_sentence_can_be_edited_afterwards(app):
    """Picking an example used to write the text area's state after it was drawn (an exception),
    and every later edit was put back to the example."""
    at = open_page(app, "explain", model="minilm")
    example = at.selectbox(key="explain_example").options[2]
    at.selectbox(key="explain_example").set_value(example).run()
    assert_usable(at)
    assert at.text_area(key="explain_sentence").value == example
    at.text_area(key="explain_sentence").set_value("Dogs bark at night.").run()
    assert_usable(at)
    assert at.text_area(key="explain_sentence").value == "Dogs bark at night."


# --- Every numeric URL parameter at both ends of its bounds ---------------------------------


def bounds(param) -> tuple[float, float] | None:
    """(low, high) of a bounded_int / bounded_float parameter, else None."""
    found = inspect.getclosurevars(param.parse).nonlocals
    if {"low", "high"} <= set(found):
        return found["low"], found["high"]
    return None


# One or more views per page; together they draw every slider of the page. The views whose
# ends measure for seconds (a batch of 256 timed on every backend, 95 % pruning evaluated and
# timed, static int8 calibrated; 3–10 s each on a loaded 2-core machine) are left out of the
# fast tier.
SLOW_VIEW = pytest.mark.slow
VIEWS = [
    pytest.param("compress", {"technique": "prune"}, marks=SLOW_VIEW),
    pytest.param("compress", {"technique": "quantize", "qmethod": "static_int8"}, marks=SLOW_VIEW),
    ("compress", {"technique": "distill"}),
    pytest.param("accelerate", {"view": "backends", "backends": "eager"}, marks=SLOW_VIEW),
    ("accelerate", {"view": "parallel", "pmode": "pipeline"}),
    ("explain", {"view": "attributions", "methods": "integrated_gradients,smoothgrad,occlusion"}),
    pytest.param(
        "explain", {"view": "attributions", "methods": "lime,kernel_shap,gradcam"}, marks=SLOW_VIEW
    ),
    ("explain", {"view": "faithfulness", "methods": "saliency"}),
    ("explain", {"view": "compressed", "methods": "saliency"}),
    ("explain", {"view": "attention", "model": "tiny_vit"}),
]


@pytest.mark.parametrize("end", ["low", "high"])
@pytest.mark.parametrize(
    ("page", "view"),
    VIEWS,
    ids=lambda v: "-".join(map(str, v.values())) if isinstance(v, dict) else v,
)
def test_every_slider_at_both_ends(app, page, view, end):
    url = {}
    for param in PAGE_PARAMS[page]:
        ends = bounds(param)
        if ends is not None:
            url[param.key] = param.encode(ends[0] if end == "low" else ends[1])
    url.update(view)
    at = open_page(app, page, **url)
    assert_usable(at)
    assert not [w.value for w in at.warning if "URL" in w.value], "the ends are valid values"
    if page == "accelerate" and view["view"] == "backends":
        assert metrics(at)  # measured at batch 1, and at every batch up to 256


def test_the_bounds_of_every_numeric_parameter_are_found():
    """The sweep above reads bounds from the parsers: every number parameter must have them."""
    numbers = [
        p
        for ps in PAGE_PARAMS.values()
        for p in ps
        if isinstance(p.default, int | float) and not isinstance(p.default, bool)
    ]
    assert numbers and all(bounds(p) is not None for p in numbers), [
        p.key for p in numbers if bounds(p) is None
    ]


# --- Garbage query strings -----------------------------------------------------------------

GARBAGE = [
    ("foo", "bar", "unknown"),
    ("<script>alert(1)</script>", "1", "unknown"),
    ("ключ", "значение", "unknown"),
    ("amount", "abc", "bad"),
    ("amount", "nan", "bad"),
    ("amount", "inf", "bad"),
    ("amount", "1e308", "bad"),
    ("amount", "", "bad"),
    ("finetune", "2.5", "bad"),
    ("batch", "9" * 5000, "bad"),  # over int()'s 4,300-digit limit
    ("seed", "-1", "bad"),
    ("seed", "99999999999999999999999", "bad"),
    ("method", "' OR 1=1 --", "bad"),
    ("method", "l1_unstructured\x00", "bad"),
    ("model", "../../etc/passwd", "bad"),
    ("lang", "中文", "bad"),
    ("technique", "💥", "bad"),
    ("per_channel", "maybe", "bad"),
    ("picked", "," * 1000, "ok"),  # no names at all: nothing picked
    ("picked", ",".join(["x" * 300] * 2), "bad"),
    ("methods", "saliency,💥,../../x", "ok"),  # unknown names are dropped
    ("methods", ",".join(["saliency"] * 50), "bad"),
    ("sentence", "<img src=x onerror=alert(1)>", "ok"),
    ("index", "-5", "bad"),
    ("threads", "0", "bad"),
    ("kept", "lenet:prune:amount=7", "bad"),
    ("kept", "lenet:zip:", "bad"),
    ("kept", ";".join(["lenet:prune:amount=0.1"] * 2000), "ok"),  # one recipe, repeated
    ("kept", ";".join(f"lenet:prune:amount=0.{i}" for i in range(1, 6)), "bad"),  # over 3
    ("kept", "lenet:prune:layers=pick,picked=no_such_layer", "ok"),  # warned where it is used
]
GARBAGE_PAGES = {"compress": {}, "accelerate": {"backends": "eager"}, "explain": {}}


def reader_of(key: str) -> str:
    """The page that reads URL key ``key``: Home for the shared keys and for unknown ones."""
    return next(
        (page for page in GARBAGE_PAGES if key in {p.key for p in PAGE_PARAMS[page]}), "home"
    )


def garbage_cases() -> list:
    """Every garbage value on every page. The fast tier opens each one on the page that reads
    its key; the full run opens all four pages for each (a page must also survive a key that
    another page reads). Accelerate's view measures for seconds: its own bad-URL test
    (tests/dashboard/accelerate) covers its keys in the fast tier."""
    return [
        pytest.param(
            page,
            key,
            value,
            expect,
            marks=() if page == reader_of(key) != "accelerate" else pytest.mark.slow,
            id="-".join([page, *(repr(v)[:24] for v in (key, value, expect))]),
        )
        for page in ["home", *GARBAGE_PAGES]
        for key, value, expect in GARBAGE
    ]


@pytest.mark.parametrize(("page", "key", "value", "expect"), garbage_cases())
def test_garbage_in_the_query_string(app, page, key, value, expect):
    for k, v in {**GARBAGE_PAGES.get(page, {}), key: value}.items():
        app.query_params[k] = v
    at = app.run()
    assert_usable(at)
    warned = " ".join(w.value for w in at.warning)  # the router reports on the first run only
    if page != "home":
        at.switch_page(page_file(page)).run()
        assert_usable(at)
        warned += " ".join(w.value for w in at.warning)
    known = {p.key for p in PAGE_PARAMS.get(page, [])} | {p.key for p in SHARED_PARAMS}
    if expect == "unknown":
        assert "Ignored unknown URL parameter" in warned
    elif expect == "bad" and key in known:
        assert f"“{key}” has an invalid value" in shown(warned), warned
    at.run()  # the same session runs again, normally
    assert_usable(at)
    assert at.get("plotly_chart") or at.metric, "the page still shows its results"


# --- Markdown from share links, and recipes with values out of range -------------------------

SHARE_LINK_ATTACKS = [
    ("home", "[Click here to sign in again](https://evil.example/login)", "1"),
    ("home", "![t](http://127.0.0.1:9/beacon.png)", "1"),
    ("home", "model", "![b](http:127.0.0.1:9) https://evil.example/bare"),
    ("compress", "![t](http://127.0.0.1:9/beacon.png)", "1"),
    ("compress", "method", "[x](https://evil.example)"),
]


@pytest.mark.parametrize(("page", "key", "value"), SHARE_LINK_ATTACKS, ids=lambda v: repr(v)[:16])
def test_share_link_text_is_shown_as_text(app, page, key, value):
    """The audit's attacks: the warning names the key or value, as text, with no link or image."""
    from tests.components.test_i18n_untrusted import markup

    def messages_on(at) -> list[str]:
        return [m.value for kind in (at.warning, at.error, at.info, at.caption) for m in kind]

    app.query_params[key] = value
    at = app.run()
    shown = messages_on(at)  # the router warns on the first run
    if page != "home":
        at.switch_page(page_file(page)).run()
        shown += messages_on(at)
    assert_usable(at)
    assert any("evil" in text or "127" in text for text in shown), shown
    for text in shown:
        assert not markup(text), text


OUT_OF_RANGE_RECIPES = [
    "lenet:prune:method=random_unstructured,seed=99999999999999999999999",
    "lenet:prune:seed=-1",
    "lenet:distill:seed=99999999999999999999999",
    "lenet:prune:amount=0.6;lenet:distill:seed=4294967296",  # one bad recipe drops the list
]


@pytest.mark.slow
@pytest.mark.parametrize("raw", OUT_OF_RANGE_RECIPES, ids=lambda v: v[:30])
@pytest.mark.parametrize(
    ("page", "params"),
    [("compress", {"technique": "compare"}), ("accelerate", {"view": "compressed"})],
)
def test_a_recipe_out_of_range_is_warned_and_dropped(app, page, params, raw):
    for key, value in {**params, "kept": raw}.items():
        app.query_params[key] = value
    at = app.run()
    assert "“kept” has an invalid value" in " ".join(w.value for w in at.warning)  # the router's
    at.switch_page(page_file(page)).run()
    assert_usable(at)
    assert not at.query_params.get("kept"), "the bad recipe must not travel into later links"
    at.run()
    assert_usable(at)


# --- Weights upload on Home ----------------------------------------------------------------

MARKER = ROOT / "tests" / "dashboard" / ".payload_ran"


class Payload:
    """What a hostile .pt carries: unpickling it runs a shell command."""

    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


@pytest.fixture
def brought(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(ROOT / "models" / "examples" / "small_resnet.py"))
    startup_user_models.clear()
    yield "user_small_resnet"
    unregister_user_models([n for n in list(REGISTRY) if n.startswith("user_")])
    startup_user_models.clear()


def _torch_zip() -> bytes:
    buffer = io.BytesIO()
    torch.save({"weights": Payload()}, buffer)
    return buffer.getvalue()


WEIGHTS = {
    "pickle.pt": (pickle.dumps(Payload()), "byom.error.upload_pickle_name"),
    "pickle_renamed.safetensors": (pickle.dumps(Payload()), "byom.error.upload_pickle_content"),
    "pickle_protocol0.safetensors": (
        pickle.dumps(Payload(), 0),
        "byom.error.upload_pickle_content",
    ),
    "torch_save.safetensors": (_torch_zip(), "byom.error.upload_pickle_content"),
    "torch_save.pth": (_torch_zip(), "byom.error.upload_pickle_name"),
    "weights.onnx": (b"\x08\x07", "byom.error.upload_not_safetensors"),
    "garbage.safetensors": (b"\x00" * 64, "byom.error.upload_not_safetensors_content"),
    "empty.safetensors": (b"", "byom.error.upload_not_safetensors_content"),
}


# The fast tier sends one file refused by its name and one refused by its content (each case
# checks a real file afterwards: about 3 s); the full run sends them all.
FAST_WEIGHTS = ("pickle.pt", "pickle_renamed.safetensors")


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=() if n in FAST_WEIGHTS else pytest.mark.slow) for n in WEIGHTS],
)
def test_weights_upload_refuses_pickles_unread(app, brought, monkeypatch, name):
    MARKER.unlink(missing_ok=True)
    loads = []
    monkeypatch.setattr(torch, "load", lambda *a, **k: loads.append(a) or {})
    content, key = WEIGHTS[name]
    app.query_params["model"] = brought
    at = app.run()
    assert_usable(at)
    at.file_uploader(key="home_weights_upload").set_value((name, content, "application/x")).run()
    assert_usable(at)
    assert literal(key) in " ".join(e.value for e in at.error), [e.value for e in at.error]
    assert not MARKER.exists(), "the payload ran"
    assert not loads, "torch.load was called on an upload"
    # A real safetensors file for the same architecture is checked next, in the same session.
    model = shared_model(brought)
    good = save({k: v.contiguous() for k, v in model.state_dict().items()})
    at.file_uploader(key="home_weights_upload").set_value(("mine.safetensors", good, "x")).run()
    assert_usable(at)
    assert any("fits" in s.value for s in at.success), [e.value for e in at.error]
    MARKER.unlink(missing_ok=True)
