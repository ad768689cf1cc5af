"""Untrusted text filled into a message renders as text: no link, image, HTML or new block.

Every message key that takes a value is filled with hostile values (the share-link and file-name
attacks of the audit, plus HTML, autolinks, Streamlit directives and block syntax) and rendered
with a CommonMark + GFM parser with linkify on (markdown-it-py, the parser family Streamlit's
front end follows). Nothing may render as a link, an image or HTML, and the value must come
back as the literal text the user typed.
"""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from components.i18n import STRINGS, Markdown, code_span, escape_markdown, t, t_text

HOSTILE = (
    "[Click here to sign in again](https://evil.example/login)",
    "![t](http://127.0.0.1:9/beacon.png)",
    "[click me](https:evil.example) ![b](http:127.0.0.1:9).safetensors",
    '<img src="http://127.0.0.1:9/x.png"> <a href="https://evil.example">x</a>',
    "<https://evil.example/auto> https://evil.example/bare user@evil.example",
    ":red[alert] :material/home: :rocket: $x^2$ **bold** _em_ `code` ~~gone~~",
    "line\n\n# heading\n\n[ref]: https://evil.example\n[ref]",
    "| a | b |\n|---|---|\n| c | d |",
)
FORBIDDEN_TOKENS = {"link_open", "image", "html_inline", "html_block", "heading_open", "table_open"}
MD = MarkdownIt("gfm-like")  # CommonMark + tables, strikethrough, linkify


def fields_of(text: str) -> dict[str, str]:
    """Placeholder name → its format spec, for every ``{placeholder}`` in ``text``."""
    return {
        field: spec or ""
        for _, field, spec, _ in string.Formatter().parse(text)
        if field is not None
    }


def token_counts(text: str) -> Counter[str]:
    def walk(tokens: list[Token]) -> Counter[str]:
        found: Counter[str] = Counter()
        for token in tokens:
            found[token.type] += 1
            found += walk(token.children or [])
        return found

    return walk(MD.parse(text))


def markup(text: str) -> Counter[str]:
    """The links, images, HTML and blocks that ``text`` renders."""
    counts = token_counts(text)
    return Counter({kind: counts[kind] for kind in FORBIDDEN_TOKENS if counts[kind]})


def plain_text(text: str) -> str:
    """What a reader sees: the text content of the rendered markdown."""

    def walk(tokens: list[Token]) -> str:
        return "".join(
            (token.content if token.type in ("text", "code_inline") else "")
            + ("\n" if token.type == "softbreak" else "")
            + walk(token.children or [])
            for token in tokens
        )

    # Word joiners break the front end's text rewrites (autolinks, ":emoji:"); nobody sees them.
    return walk(MD.parse(text)).replace("\u2060", "")


VALUE_KEYS = sorted(key for key, entry in STRINGS.items() if fields_of(entry["en"]))


def test_there_are_message_keys_with_values():
    assert len(VALUE_KEYS) > 100


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", VALUE_KEYS)
def test_no_message_renders_markup_from_a_value(key, lang):
    specs = fields_of(STRINGS[key][lang])
    for hostile in HOSTILE:
        # A placeholder with a numeric format spec ({x:.2f}) only ever receives numbers.
        values = {name: (1.5 if spec else hostile) for name, spec in specs.items()}
        text = t(key, lang, **values)
        # The message's own text may hold markup (a linkified "torch.ao"): values add none.
        baseline = markup(
            t(key, lang, **{name: 1.5 if spec else "x" for name, spec in specs.items()})
        )
        assert markup(text) == baseline, (key, hostile, text)
        if any(not spec for spec in specs.values()):
            shown = " ".join(hostile.split())  # a value stays on its line: breaks become spaces
            assert shown in " ".join(plain_text(text).split()), (key, hostile, text)


def test_escape_shows_the_value_literally():
    for hostile in HOSTILE:
        escaped = escape_markdown(hostile)
        assert isinstance(escaped, Markdown)
        assert plain_text(escaped).strip() == " ".join(hostile.split())
        assert not markup(escaped)


def test_unescaped_attack_would_render():
    """The parser used above does see the attacks: without escaping they render as markup."""
    assert markup(HOSTILE[0]) == Counter(link_open=1)
    assert markup(HOSTILE[1]) == Counter(image=1)
    assert markup("see https://evil.example/bare") == Counter(link_open=1)


def test_app_text_and_numbers_pass_through():
    nested = t(
        "prune.variant_label", "en", method=t("prune.method.l1_unstructured", "en"), amount=0.6
    )
    assert isinstance(nested, Markdown)
    assert nested == t_text(
        "prune.variant_label", "en", method=t_text("prune.method.l1_unstructured", "en"), amount=0.6
    )
    assert t("card.sample_caption", "en", true=3, pred=5, prob=0.875) == "true 3 → 5 (88%)"


def test_plain_text_sink_gets_the_value_as_is():
    assert (
        t_text("url.unknown_param", "en", key="a_b.c") == "Ignored unknown URL parameter “a_b.c”."
    )
    assert t("url.unknown_param", "en", key="a_b.c") == (
        "Ignored unknown URL parameter “a\\_b\\.c”."
    )


def test_no_placeholder_inside_a_code_span():
    """Escapes are literal inside backticks: a value there would show its backslashes. A
    command or file name goes in as :func:`code_span` instead."""
    in_code = re.compile(r"`[^`]*\{[^}]*\}[^`]*`")
    assert [
        key for key, entry in STRINGS.items() if any(in_code.search(v) for v in entry.values())
    ] == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_code_span_shows_any_text_as_code(hostile):
    span = code_span(hostile)
    assert not markup(span)
    tokens = [c for token in MD.parse(span) for c in (token.children or [])]
    assert [c.type for c in tokens] == ["code_inline"]
    assert tokens[0].content == " ".join(hostile.split()).strip() or hostile.strip() == ""
    assert code_span("python -m models.train tiny_vit") == "`python -m models.train tiny_vit`"
