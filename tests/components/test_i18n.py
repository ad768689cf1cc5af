"""Every string exists in both languages, with the same placeholders, for every key in use."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

from components.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    STRINGS,
    format_bytes,
    format_count,
    t,
)
from components.profile import LAYER_COLUMNS
from components.quality import EVALUATORS
from models.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
LITERAL_KEY = re.compile(r"(?<![\w.])t\(\s*\"([^\"]+)\"")  # t("…"), not st.t(/print(
AREAS = ("compress", "accelerate", "explain", "fuse")
# components.quality's Quality.metric values
QUALITY_METRICS = ("accuracy", "paraphrase_top1", "fidelity")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def used_keys() -> dict[str, list[str]]:
    """Literal keys of ``t("…")`` calls in the app's code, with the files using them."""
    found: dict[str, list[str]] = {}
    for folder in ("dashboard", "components"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8")):
                found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def test_no_key_is_defined_twice():
    """The tables merged into STRINGS (one module per page) must not silently override keys."""
    strings = pytest.importorskip("components.strings")
    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(strings.__path__):
        module = importlib.import_module(f"{strings.__name__}.{info.name}")
        for attr, table in vars(module).items():
            if not (attr.isupper() and isinstance(table, dict)):
                continue
            for key in table:
                if key in seen:
                    clashes.append((key, seen[key], info.name))
                seen[key] = info.name
    assert clashes == []
    assert set(seen) == set(STRINGS)


def test_languages():
    assert set(LANGUAGES) == {"en", "zh"}
    assert DEFAULT_LANGUAGE == "en"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_present(key):
    entry = STRINGS[key]
    assert set(entry) == {"en", "zh"}
    assert entry["en"].strip()
    assert entry["zh"].strip()


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_same_placeholders_in_both_languages(key):
    assert placeholders(STRINGS[key]["en"]) == placeholders(STRINGS[key]["zh"])


def test_literal_keys_in_code_exist():
    found = used_keys()
    assert len(found) > 20  # the scan really finds the pages' keys
    missing = {key: files for key, files in found.items() if key not in STRINGS}
    assert not missing


def test_key_scan_ignores_fstrings_and_other_calls():
    sample = 'print("x"); t( "a.b", lang); t(f"c.{d}", lang); st.t("e.f")'
    assert LITERAL_KEY.findall(sample) == ["a.b"]


def test_dynamic_keys_exist():
    keys = [f"area.{area}.{part}" for area in AREAS for part in ("title", "text")]
    for spec in REGISTRY.values():
        keys += [
            f"model.{spec.name}.description",
            f"task.{spec.task}",
            f"input.{spec.input_kind}",
        ]
    keys += [f"input.{kind}" for kind in ("image", "text", "multimodal")]
    keys += [f"col.{column}" for column in LAYER_COLUMNS]
    keys += [f"metric.{m}" for m in QUALITY_METRICS] + [f"metric.{m}_help" for m in QUALITY_METRICS]
    keys += [f"task.{task}" for task in EVALUATORS]
    keys += acceleration_keys()
    assert [key for key in keys if key not in STRINGS] == []


def acceleration_keys() -> list[str]:
    """Keys the Accelerate page builds from the backends' names and reasons."""
    from components.acceleration import BACKENDS, I18N_KEYS
    from components.parallel import SCHEDULES
    from dashboard.areas.accelerate.params import ACCELERATE_VIEWS, PARALLEL_MODES

    keys = list(I18N_KEYS)
    keys += [f"accelerate.why.{b}" for b in BACKENDS if b != "eager"]
    keys += [f"accelerate.view.{v}" for v in ACCELERATE_VIEWS]
    keys += [f"accelerate.view.{v}.intro" for v in ACCELERATE_VIEWS]
    keys += [info.label_key for info in SCHEDULES.values()]
    keys += [f"parallel.mode.{m}" for m in PARALLEL_MODES]
    keys += [f"parallel.mode.{m}.when" for m in PARALLEL_MODES]
    return keys


def test_parallel_error_keys_exist():
    """Every ``UserFacingError("parallel.error.…")`` raised by the parallel backend."""
    source = " ".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "components" / "parallel").glob("*.py")
    )
    raised = set(re.findall(r'"(parallel\.error\.[a-z_]+)"', source))
    raised |= {f"parallel.error.{k}" for k in ("processes", "microbatches", "steps")}  # f-string
    assert raised and not raised - set(STRINGS)


def test_model_descriptions_start_like_the_registry():
    for spec in REGISTRY.values():
        assert STRINGS[f"model.{spec.name}.description"]["en"].startswith(spec.description)


def test_t_fills_placeholders():
    assert t("url.unknown_param", "en", key="x") == "Ignored unknown URL parameter “x”."
    assert t("url.unknown_param", "zh", key="x") == "已忽略未知的 URL 参数“x”。"
    assert t("card.title", "en", title="LeNet") == "Model card: LeNet"
    assert t("card.sample_caption", "en", true=3, pred=5, prob=0.875) == "true 3 → 5 (88%)"


def test_t_without_values_returns_raw_text():
    assert t("app.title") == "ModelLens"
    assert t("app.title", "zh") == "ModelLens 模型透镜"


def test_t_unknown_key_and_language():
    assert t("no.such.key", "en") == "no.such.key"
    assert t("no.such.key", "zh", n=3) == "no.such.key"
    assert t("nav.home", "fr") == "Home"  # unknown language falls back to English


@pytest.mark.parametrize(
    ("value", "text"),
    [(21840, "21.8 k"), (22713216, "22.7 M"), (961000, "961.0 k"), (3.2e9, "3.2 G"), (999, "999")],
)
def test_format_count(value, text):
    assert format_count(value) == text


def test_format_rounds_into_next_unit():
    assert format_count(999_960) == "1.0 M"
    assert format_bytes(2**20 - 1) == "1.0 MiB"


@pytest.mark.parametrize(
    ("value", "text"),
    [(90765, "88.6 KiB"), (512, "512 B"), (1024, "1.0 KiB"), (3 * 2**20, "3.0 MiB")],
)
def test_format_bytes(value, text):
    assert format_bytes(value) == text


def test_chinese_writes_milliseconds_as_ms():
    """One unit convention on the Chinese screen: "ms", as on every chart axis and hover (a
    technical unit Chinese UIs keep), never "毫秒" in headline numbers beside it."""
    assert [key for key, entry in STRINGS.items() if "毫秒" in entry["zh"]] == []


def test_model_titles_in_both_languages():
    """The registry's titles (shown in the sidebar, the model card and each page's intro) have a
    key each: the English is the registry's, the Chinese translates "(digits)" and friends."""
    from components.i18n import model_title

    for spec in REGISTRY.values():
        assert STRINGS[f"model.{spec.name}.title"]["en"] == spec.title
        assert model_title(spec.name, spec.title, "en") == spec.title
        zh = model_title(spec.name, spec.title, "zh")
        assert "digits" not in zh and "sentences" not in zh
    assert model_title("my_upload", "my net (v2)", "zh") == "my net (v2)"  # brought models as named


@pytest.mark.parametrize(
    ("key", "calque"),
    [
        ("fuse.late_note", "学更多东西"),
        ("explain.att_head_n", "第"),
        ("fuse.coalition_title", "各联盟"),
    ],
)
def test_chinese_without_calques(key, calque):
    assert calque not in STRINGS[key]["zh"]
