"""Every user-visible string, in English and 简体中文, behind one lookup: :func:`t`.

Each key holds both languages side by side, so a missing translation is visible in review and
fails ``tests/components/test_i18n.py``. Pages never hard-code text: they call ``t(key, lang)``.
"""

from __future__ import annotations

import numbers
import re

from components.strings.accelerate import ACCELERATE
from components.strings.byom import BYOM
from components.strings.classroom import CLASSROOM
from components.strings.compress import COMPRESS
from components.strings.explain import EXPLAIN
from components.strings.forgetting import FORGETTING
from components.strings.fuse import FUSE
from components.strings.llm import LLM
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
    **FORGETTING,
    **LLM,
}


class Markdown(str):
    """Text that is already safe to render as markdown: the output of :func:`t`, or a fragment
    the app wrote itself. :func:`t` inserts it as it is; every other string value is escaped."""


# Every ASCII punctuation character may be backslash-escaped in CommonMark: a value can then
# open no link, image, emphasis, code, HTML or "$…$" math.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")  # a value stays on its line
# Streamlit's front end also rewrites the *text* left after parsing, where escapes are gone: GFM
# autolink literals ("https://…", "www.…", "a@b.c") and its ":emoji:", ":red[…]" and
# ":material/…:" directives. An invisible word joiner after each ":", inside "www." and before
# "@" breaks those patterns (measured in Chromium), while the value still reads the same.
_JOINER = "\u2060"
_TEXT_PATTERNS = re.compile(r"(?<=:)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def escape_markdown(value: str) -> Markdown:
    """``value`` as literal text inside markdown: no link, image, emphasis, HTML or new block."""
    text = _TEXT_PATTERNS.sub(_JOINER, _LINE_BREAKS.sub(" ", value))
    return Markdown(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def code_span(value: str) -> Markdown:
    """``value`` as inline code (a command, a file name): shown exactly, in a monospace font.

    Nothing inside a code span is markdown, and the front end's autolinks and directives skip
    it; the fence is one backtick longer than the longest run inside, and line breaks become
    spaces so the span cannot be cut by a blank line.
    """
    text = _LINE_BREAKS.sub(" ", value)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def _safe(value: object) -> object:
    """What :func:`t` puts into a placeholder: numbers (format specs need them) and
    :class:`Markdown` as they are, anything else as escaped text."""
    if isinstance(value, Markdown | bool | int | float | numbers.Number):
        return value
    return escape_markdown(str(value))


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> Markdown:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled from ``values``, safe to
    render as markdown (``st.warning``, ``st.caption``, labels …).

    Untrusted text (URL keys and values, file names, names inside a user's model) arrives here
    as values, so every string value is escaped, except :class:`Markdown` (the output of another
    ``t`` call). For a sink that does not read markdown (chart titles, table cells, logs) use
    :func:`t_text`. ``key`` and ``lang`` are positional-only, so a placeholder may be called
    ``{key}`` too. An unknown key returns the key itself, so a slip shows on the page instead of
    crashing it (and the i18n test catches it).
    """
    return Markdown(_fill(key, lang, {name: _safe(value) for name, value in values.items()}))


def t_text(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for ``key`` as plain text, values inserted as they are: for sinks that never
    read markdown (plotly titles and axes, table cells, exception messages, HTML that is escaped
    when written). Never pass its result to a markdown sink."""
    return _fill(key, lang, values)


def _fill(key: str, lang: str, values: dict[str, object]) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def model_title(name: str, title: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A model's title in ``lang``: ``model.<name>.title`` for the registry's models, else
    ``title`` as it is (a brought model's own name). Plain text, like :func:`t_text`."""
    key = f"model.{name}.title"
    return t_text(key, lang) if key in STRINGS else title


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
