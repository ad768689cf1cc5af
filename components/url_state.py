"""Reading and writing the view state that lives in the URL query string.

Pure functions, so pages stay thin and the parsing is unit-tested: unknown or malformed values
produce a :class:`UrlProblem` (shown as a warning) and fall back to the default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UrlParam:
    """One query parameter: its key, default and a parser that raises ValueError on bad input."""

    key: str
    default: Any
    parse: Callable[[str], Any]
    to_text: Callable[[Any], str] = str  # inverse of ``parse``

    def encode(self, value: Any) -> str:
        return self.to_text(value)


@dataclass(frozen=True)
class UrlProblem:
    """A query value that was ignored; ``message`` is a translation key, ``values`` its fields."""

    message: str
    values: dict[str, str]


def choice(options: Sequence[str]) -> Callable[[str], str]:
    """Parser accepting only one of ``options``."""

    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(raw)
        return raw

    return parse


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """Parser accepting an integer in [low, high]."""

    def parse(raw: str) -> int:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(raw)
        return value

    return parse


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    """Parser accepting a finite float in [low, high]."""

    def parse(raw: str) -> float:
        value = float(raw)
        if not low <= value <= high:  # also rejects nan
            raise ValueError(raw)
        return value

    return parse


def boolean(raw: str) -> bool:
    """Parser for ``1/0``, ``true/false``, ``yes/no``."""
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(raw)


def bool_text(value: bool) -> str:
    return "1" if value else "0"


def name_list(max_items: int = 64, max_length: int = 200) -> Callable[[str], tuple[str, ...]]:
    """Parser for a comma-separated list of names (validated later against what exists)."""

    def parse(raw: str) -> tuple[str, ...]:
        items = tuple(item.strip() for item in raw.split(",") if item.strip())
        if len(items) > max_items or any(len(item) > max_length for item in items):
            raise ValueError(raw)
        return items

    return parse


def list_text(values: Sequence[str]) -> str:
    return ",".join(values)


MAX_LAYER_NAME = 200  # characters of a layer name in a URL (the page checks it against the model)


def text(max_length: int) -> Callable[[str], str]:
    """Parser for free text up to ``max_length`` characters (longer is an error, not a cut)."""

    def parse(raw: str) -> str:
        if len(raw) > max_length:
            raise ValueError(raw[:40])
        return raw

    return parse


def read_params(
    query: Mapping[str, str], params: Sequence[UrlParam], known_keys: set[str] | None = None
) -> tuple[dict[str, Any], list[UrlProblem]]:
    """Parse ``query`` against ``params``.

    Args:
        query: the raw query string values.
        params: the parameters to read; absent or invalid ones take their default.
        known_keys: every key some page understands (defaults to ``params``' keys); other keys
            are reported as unknown.

    Returns:
        The value of every parameter, and the problems to show the user.
    """
    known = known_keys if known_keys is not None else {p.key for p in params}
    values: dict[str, Any] = {}
    problems: list[UrlProblem] = [
        UrlProblem("url.unknown_param", {"key": key}) for key in query if key not in known
    ]
    for param in params:
        raw = query.get(param.key)
        if raw is None:
            values[param.key] = param.default
            continue
        try:
            values[param.key] = param.parse(raw)
        except (ValueError, TypeError, OverflowError):
            values[param.key] = param.default
            problems.append(
                UrlProblem(
                    "url.bad_value",
                    {
                        "key": param.key,
                        "value": str(raw)[:40],
                        "default": param.encode(param.default),
                    },
                )
            )
    return values, problems


def write_params(values: Mapping[str, Any], params: Sequence[UrlParam]) -> dict[str, str]:
    """The query-string form of ``values`` for ``params`` (the inverse of :func:`read_params`)."""
    return {p.key: p.encode(values[p.key]) for p in params if p.key in values}


def method_param_key(method: str, name: str) -> str:
    """URL key of an attribution method's own control (``param_integrated_gradients_steps``)."""
    return f"param_{method}_{name}"
