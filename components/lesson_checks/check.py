"""Check a lesson step's expectations by measuring them, and say the result in words."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from components.i18n import t
from components.lesson_checks.registry import MEASURES, Measured, Unit, is_measured, measurement
from components.lessons import Expect, Lesson
from components.report import readable_settings
from components.setting_labels import SETTING_LABELS

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


@dataclass(frozen=True)
class CheckResult:
    """One expectation measured: ``value`` on the step's settings against ``reference`` (the
    bound, or factor × the measure on the compared settings)."""

    expect: Expect
    value: float
    reference: float
    ok: bool
    timed: bool
    measured: tuple[Measured, ...]  # the measurements behind it (one, or two when compared)

    @property
    def busy(self) -> bool:
        """Whether any of its measurements ran while the machine was busy."""
        return any(m.busy for m in self.measured)


def _sides(expect: Expect, settings: Mapping[str, str]) -> list[tuple[str, dict[str, str]]]:
    sides = [(expect.measure, dict(settings))]
    if expect.bound is None:
        sides.append((expect.reference_measure, {**settings, **expect.versus}))
    return sides


def check(expect: Expect, settings: Mapping[str, str], *, fresh: bool = False) -> CheckResult:
    """Measure ``expect`` on ``settings`` (the URL values after the step)."""
    taken = [measurement(name, s, expect.arg, fresh=fresh) for name, s in _sides(expect, settings)]
    value = taken[0].value
    if expect.bound is not None:
        reference = float(expect.bound)
    else:
        reference = expect.factor * taken[1].value + expect.offset
    ok = not math.isnan(value) and OPS[expect.op](value, reference)
    return CheckResult(expect, value, reference, ok, MEASURES[expect.measure].timed, tuple(taken))


def check_step(lesson: Lesson, index: int, *, fresh: bool = False) -> list[CheckResult]:
    """Every expectation of step ``index`` of ``lesson``, measured on that step's settings."""
    settings = lesson.settings_at(index)
    return [check(e, settings, fresh=fresh) for e in lesson.steps[index].expect]


def step_is_measured(lesson: Lesson, index: int) -> bool:
    """Whether every measurement of step ``index`` is cached (no work to show its checks)."""
    settings = lesson.settings_at(index)
    return all(
        is_measured(name, s, e.arg)
        for e in lesson.steps[index].expect
        for name, s in _sides(e, settings)
    )


def format_value(value: float, unit: Unit) -> str:
    """A measured number the way the pages show it (0.931 → "93.1%", 2.4 dB …)."""
    if math.isnan(value):
        return "–"
    return {
        "fraction": f"{value:.1%}",
        "share": f"{value:.0%}",
        "ratio": f"×{value:.2f}",
        "ms": f"{value:.2f} ms",
        "db": f"{value:.1f} dB",
        "count": f"{value:,.0f}",
    }[unit]


def _adjustment(expect: Expect) -> str:
    """How the compared measurement becomes the reference (" × 4", " − 10.0%"), or ""."""
    unit = MEASURES[expect.measure].unit
    text = "" if expect.factor == 1 else f" × {expect.factor:g}"
    if expect.offset:
        size = abs(expect.offset)
        size = f"{size:g}" if unit == "ratio" else format_value(size, unit)
        text += f" {'+' if expect.offset > 0 else '−'} {size}"
    return text


def _where(versus: Mapping[str, str], page: str, lang: str) -> str:
    """The compared settings as the page labels them ("Per-channel scales on")."""
    labels = SETTING_LABELS.get(page, {})
    parts = []
    for key, value in versus.items():
        row = readable_settings(labels, {key: value}, lang)
        parts.append(f"{row[0][0]} {row[0][1]}" if row else f"{key}={value}")
    return ", ".join(parts) or "–"


def describe(result: CheckResult, lang: str, page: str = "") -> str:
    """One line, e.g. "test accuracy: 62.9% < 50.0%" (markdown-safe); ``page`` names the page
    whose labels describe compared settings."""
    expect = result.expect
    measure = MEASURES[expect.measure]
    label = t(measure.label_key, lang, arg=expect.arg)
    if expect.bound is not None:
        reference = format_value(result.reference, measure.unit)
    else:
        reference = t(
            "lesson.check.versus",
            lang,
            value=format_value(result.reference, measure.unit),
            other=t(MEASURES[expect.reference_measure].label_key, lang, arg=expect.arg),
            where=_where(expect.versus, page, lang),
            measured=format_value(result.measured[1].value, measure.unit) + _adjustment(expect),
        )
    return t(
        "lesson.check.line",
        lang,
        measure=label,
        value=format_value(result.value, measure.unit),
        op=SYMBOLS[expect.op],
        reference=reference,
    )
