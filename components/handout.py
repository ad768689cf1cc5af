"""A printable lesson handout: one self-contained HTML file for a class (no streamlit here).

It holds the lesson's text, each numbered step with an empty "My prediction" box before "What we
measured" (only what is already measured: building a handout never starts a measurement), what
the student should see, the figures of the current view, the share link, and when and under
what load it was made. Print CSS sizes it for A4 with margins that also fit Letter; plotly.js is
inlined once and the figures are drawn static at a paper width, so it prints and opens offline.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from components.i18n import Markdown, t, t_text
from components.lesson_checks import check_step, describe, step_is_measured
from components.lessons import Lesson
from components.report import Report, figure_json, json_for_script, plotly_js

PAPER_WIDTH_PX = 680  # 180 mm at 96 dpi: the text width of A4 and of Letter with 15 mm margins
MAX_FIGURE_HEIGHT_PX = 880  # of the ~980 px of an A4 page's text height, leaving room for a heading
# Figures are laid out at the width the page gives them on a wide screen, then scaled down as a
# whole: laid out at paper width, grids of digits overlap their titles and long titles are cut.
DESIGN_WIDTH_PX = 900


@dataclass(frozen=True)
class MeasuredLine:
    """One measured claim of a step: the line of :func:`describe` (markdown) and whether it
    held."""

    line: str
    ok: bool


@dataclass(frozen=True)
class HandoutStep:
    """One numbered step: what to do, what was measured and what the student should see (the
    texts as markdown). ``measured`` is ``None`` while the step is not measured yet, ``()`` for
    a step that claims nothing measurable."""

    todo: str
    see: str
    measured: tuple[MeasuredLine, ...] | None


@dataclass
class Handout:
    """A lesson at one step, with the report of the view it is taught in (figures, link)."""

    title: str  # markdown, like every text of the lesson
    text: str
    try_text: str
    steps: list[HandoutStep]
    reached: int  # the step the lesson panel is at (0: not started)
    report: Report
    load: float = field(default_factory=lambda: _load_average())
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)


def _load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def measured_lines(lesson: Lesson, index: int, lang: str) -> tuple[MeasuredLine, ...] | None:
    """The measured claims of step ``index`` if every measurement is already cached, else
    ``None``: a download must not start minutes of measuring for a whole class."""
    if not lesson.steps[index].expect:
        return ()
    if not step_is_measured(lesson, index):
        return None
    return tuple(
        MeasuredLine(describe(result, lang, lesson.page), result.ok)
        for result in check_step(lesson, index)
    )


def lesson_handout(
    lesson: Lesson,
    report: Report,
    reached: int,
    *,
    measured: Callable[[Lesson, int, str], tuple[MeasuredLine, ...] | None] = measured_lines,
) -> Handout:
    """The handout of ``lesson`` in ``report.lang``, at step ``reached``, with the figures and
    share link of ``report`` (the view the lesson panel is shown on)."""
    lang = report.lang
    steps = [
        HandoutStep(
            t(lesson.step_key(i), lang), t(lesson.see_key(i), lang), measured(lesson, i, lang)
        )
        for i in range(len(lesson.steps))
    ]
    return Handout(
        title=t(lesson.title_key, lang),
        text=t(lesson.text_key, lang),
        try_text=t(lesson.try_key, lang),
        steps=steps,
        reached=reached,
        report=report,
    )


# A backslash before ASCII punctuation is how components.i18n escapes a value for markdown.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_html(text: str) -> str:
    """The inline markdown of the app's strings as HTML: ``**bold**`` and backslash escapes;
    everything else is escaped text (a value can open no tag)."""
    text = text.replace("\u2060", "")  # the word joiners t() adds against autolinks
    out, bold = [], False
    for piece in re.split(r"(\\[!-/:-@\[-`{-~]|\*\*)", text):
        if piece == "**":
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
        elif _ESCAPED.fullmatch(piece):
            out.append(html.escape(piece[1]))
        else:
            out.append(html.escape(piece))
    if bold:
        out.append("</strong>")
    return "".join(out)


def _md(key: str, lang: str, **values: object) -> str:
    return markdown_html(t(key, lang, **values))


CSS = """
@page{size:A4;margin:18mm 15mm 20mm 15mm}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC","Noto Sans SC",
sans-serif;margin:1.5rem auto;max-width:760px;padding:0 1rem;color:#1f2328;background:#fff;
line-height:1.45;font-size:11pt}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #bbb;break-after:avoid;
page-break-after:avoid}
h3{font-size:1.02rem;margin:0 0 .3rem;break-after:avoid;page-break-after:avoid}
.meta{color:#555;font-size:.9rem}
.lesson-text{font-size:1.02rem}
ol.steps{list-style:none;padding:0;margin:0}
.step{border:1px solid #999;border-radius:6px;padding:.6rem .8rem;margin:.7rem 0;
break-inside:avoid;page-break-inside:avoid}
.step.reached{border-width:2px;border-color:#333}
.box{border:1px dashed #777;border-radius:4px;padding:.4rem .6rem;margin:.45rem 0}
.box .label{font-weight:600}
.ml-predict .line{height:1.7em;border-bottom:1px solid #999}
.ml-measured ul{margin:.2rem 0 0;padding-left:1.1rem}
.ml-measured li{margin:.1rem 0}
.differs{font-weight:600}
.pending{color:#555;font-style:italic}
.see{margin:.35rem 0 0}
.ml-figure-box{break-inside:avoid;page-break-inside:avoid;margin:.8rem 0}
.ml-figure{overflow:hidden}
a{color:#1f2328;word-break:break-all}
footer{margin-top:1.5rem;border-top:1px solid #bbb;padding-top:.4rem;color:#555;font-size:.85rem}
@media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt}
.step,.box{background:#fff}h1{font-size:1.45rem}}
"""

# Static figures at paper width: no toolbar, no hover, nothing that needs a mouse on paper.
RENDER_JS = f"""
document.querySelectorAll("script.ml-figure-data").forEach(function (node) {{
  var spec = JSON.parse(node.textContent);
  var layout = Object.assign({{}}, spec.layout || {{}});
  layout.width = layout.width || {DESIGN_WIDTH_PX};
  layout.height = layout.height || 450;
  layout.autosize = false;
  layout.paper_bgcolor = "#ffffff";
  var box = document.getElementById(node.dataset.target);
  box.style.width = layout.width + "px";
  box.style.zoom = Math.min(1, {PAPER_WIDTH_PX} / layout.width,
                            {MAX_FIGURE_HEIGHT_PX} / layout.height);
  Plotly.newPlot(box, spec.data || [], layout,
                 {{staticPlot: true, displayModeBar: false, responsive: false}});
}});
"""


def _step_html(number: int, step: HandoutStep, reached: int, lang: str) -> str:
    if step.measured is None:
        measured = f'<p class="pending">{_md("handout.not_measured", lang)}</p>'
    elif not step.measured:
        measured = f'<p class="pending">{_md("handout.nothing_to_measure", lang)}</p>'
    else:
        items = "".join(
            f'<li class="{"holds" if m.ok else "differs"}">'
            + _md("handout.holds" if m.ok else "handout.differs", lang, line=Markdown(m.line))
            + "</li>"
            for m in step.measured
        )
        measured = f"<ul>{items}</ul>"
    return (
        f'<li class="step{" reached" if number == reached else ""}" data-step="{number}">'
        f"<h3>{_md('handout.step', lang, n=number)}</h3>"
        f'<p class="todo">{markdown_html(step.todo)}</p>'
        f'<div class="box ml-predict"><span class="label">{_md("handout.prediction", lang)}'
        '</span><div class="line"></div><div class="line"></div></div>'
        f'<div class="box ml-measured"><span class="label">{_md("handout.measured", lang)}'
        f"</span>{measured}</div>"
        f'<p class="see">{_md("handout.see", lang, text=Markdown(step.see))}</p>'
        "</li>"
    )


def build_handout_html(handout: Handout) -> str:
    """The handout as one HTML document (plotly.js inlined once when there are figures)."""
    report = handout.report
    lang = report.lang
    title = t_text("handout.title", lang, title=_plain(handout.title))
    n = len(handout.steps)
    meta_key = "handout.meta" if handout.reached and n else "handout.meta_start"
    figures = report.figures
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{CSS}</style>",
        f"<script>{plotly_js()}</script>" if figures else "",
        "</head><body>",
        f"<header><h1>{html.escape(title)}</h1>",
        f'<p class="meta">'
        f"{_md(meta_key, lang, page=report.page, model=report.model, step=handout.reached, n=n)}"
        "</p></header>",
        f'<p class="lesson-text">{markdown_html(handout.text)}</p>',
    ]
    if handout.steps:
        parts.append(f"<h2>{_md('handout.steps', lang)}</h2>")
        parts.append(f'<p class="meta">{_md("handout.steps_intro", lang)}</p>')
        parts.append('<ol class="steps">')
        parts.extend(
            _step_html(i + 1, step, handout.reached, lang) for i, step in enumerate(handout.steps)
        )
        parts.append("</ol>")
    else:  # a lesson without numbered steps still gets its "try this" and one prediction box
        parts.append(
            f'<ol class="steps"><li class="step" data-step="1">'
            f'<p class="todo">{_md("handout.try", lang, text=Markdown(handout.try_text))}</p>'
            f'<div class="box ml-predict"><span class="label">{_md("handout.prediction", lang)}'
            '</span><div class="line"></div><div class="line"></div></div></li></ol>'
        )
    parts.append(f"<h2>{_md('handout.figures', lang)}</h2>")
    if not figures:
        parts.append(f"<p>{_md('handout.no_figures', lang)}</p>")
    for number, item in enumerate(figures):
        target = f"ml-figure-{number}"
        parts.append(f'<div class="ml-figure-box"><div id="{target}" class="ml-figure"></div>')
        parts.append(
            f'<script type="application/json" class="ml-figure-data" data-target="{target}">'
            f"{json_for_script(figure_json(item.figure))}</script></div>"
        )
    parts += [
        f"<h2>{_md('handout.link', lang)}</h2>",
        f'<p><a href="{html.escape(report.link, quote=True)}">{html.escape(report.link)}</a></p>',
        f'<p class="meta">{_md("handout.link_help", lang)}</p>',
        "<footer>"
        + html.escape(
            t_text(
                "handout.footer",
                lang,
                time=report.created.strftime("%Y-%m-%d %H:%M %Z").strip(),
                torch=report.torch_version,
                threads=report.threads,
                load="–" if math.isnan(handout.load) else f"{handout.load:.1f}",
                cores=handout.cores,
            )
        )
        + "</footer>",
    ]
    if figures:
        parts.append(f"<script>{RENDER_JS}</script>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _plain(markdown: str) -> str:
    """Markdown text as plain text (for the document's <title>)."""
    return _ESCAPED.sub(r"\1", markdown.replace("\u2060", "")).replace("**", "")
