"""Every user-visible string, in English and 简体中文, behind one lookup: :func:`t`.

Each key holds both languages side by side, so a missing translation is visible in review and
fails ``tests/components/test_i18n.py``. Pages never hard-code text: they call ``t(key, lang)``.
"""

from __future__ import annotations

from components.strings.accelerate import ACCELERATE
from components.strings.byom import BYOM
from components.strings.classroom import CLASSROOM
from components.strings.compress import COMPRESS
from components.strings.explain import EXPLAIN
from components.strings.fuse import FUSE
from components.strings.parallel import PARALLEL
from components.strings.shell import SHELL

LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"

# One table merged from one module per page, so each page's strings stay together.
STRINGS: dict[str, dict[str, str]] = {
    **SHELL,
    **BYOM,
    **COMPRESS,
    **ACCELERATE,
    **PARALLEL,
    **EXPLAIN,
    **FUSE,
    **CLASSROOM,
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled from ``values``.

    ``key`` and ``lang`` are positional-only, so a placeholder may be called ``{key}`` too.
    An unknown key returns the key itself, so a slip shows on the page instead of crashing it
    (and the i18n test catches it).
    """
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def _scaled(value: float, step: float, suffixes: tuple[str, ...], first: str) -> str:
    """``value`` in the smallest unit whose rounded number stays below ``step``
    (so 999,960 reads "1.0 M", not "1000.0 k")."""
    for power, suffix in enumerate(suffixes):
        scaled = value / step**power
        if round(abs(scaled), 1) < step or power == len(suffixes) - 1:
            return first.format(value) if power == 0 else f"{scaled:.1f} {suffix}"
    raise AssertionError("unreachable")


def format_count(value: float) -> str:
    """Compact count for metrics: 21,840 → '21.8 k', 22,713,216 → '22.7 M'."""
    return _scaled(value, 1000, ("", "k", "M", "G"), "{:g}")


def format_bytes(value: float) -> str:
    """Bytes in binary units: 90,765 → '88.6 KiB'."""
    return _scaled(value, 1024, ("B", "KiB", "MiB", "GiB"), "{:.0f} B")
