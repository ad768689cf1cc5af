"""Every key the forgetting backend hands to the page exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from components.forgetting import DRIFT_REASONS
from components.i18n import STRINGS, t

PACKAGE = Path(__file__).resolve().parents[3] / "components" / "forgetting"
KEY = re.compile(r'"(forget\.[a-z_.]+)"')


def test_every_key_in_the_backend_exists():
    used = {key for path in PACKAGE.glob("*.py") for key in KEY.findall(path.read_text("utf-8"))}
    assert len(used) >= 15
    assert sorted(key for key in used if key not in STRINGS) == []
    assert set(DRIFT_REASONS) <= set(STRINGS)


def test_the_view_texts_exist():
    for key in (
        "forget.robust.transferred",
        "forget.section.per_class",
        "forget.section.robustness",
        "lesson.forgetting.title",
        "lesson.forgetting.text",
        "lesson.forgetting.try",
    ):
        assert STRINGS[key]["en"] and STRINGS[key]["zh"]
    assert t("forget.robust.transferred") == "transferred from the original (int8 has no gradients)"
    assert "int8" in t("forget.robust.transferred", "zh")
