"""Check a lesson step's expectations by measuring them, and say the result in words."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from components.i18n import t
from components.lesson_checks.registry import MEASURES, Unit, measure_value
from components.lessons import Expect, Lesson

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


def check(expect: Expect, settings: dict[str, str], *, fresh: bool = False) -> CheckResult:
    """Measure ``expect`` on ``settings`` (the URL values after the step)."""
    value = measure_value(expect.measure, settings, expect.arg, fresh=fresh)
    if expect.bound is not None:
        reference = float(expect.bound)
    else:
        other = {**settings, **expect.versus}
        measured = measure_value(expect.reference_measure, other, expect.arg, fresh=fresh)
        reference = expect.factor * measured + expect.offset
    ok = not math.isnan(value) and OPS[expect.op](value, reference)
    return CheckResult(expect, value, reference, ok, MEASURES[expect.measure].timed)


def check_step(lesson: Lesson, index: int, *, fresh: bool = False) -> list[CheckResult]:
    """Every expectation of step ``index`` of ``lesson``, measured on that step's settings."""
    settings = lesson.settings_at(index)
    return [check(e, settings, fresh=fresh) for e in lesson.steps[index].expect]


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


def describe(result: CheckResult, lang: str) -> str:
    """One line, e.g. "test accuracy: 62.9% < 50.0%" (markdown-safe)."""
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
            where=", ".join(f"{k}={v}" for k, v in expect.versus.items()) or "–",
        )
    return t(
        "lesson.check.line",
        lang,
        measure=label,
        value=format_value(result.value, measure.unit),
        op=SYMBOLS[expect.op],
        reference=reference,
    )
