"""Compress: pruning, quantization and distillation, always side by side with the original."""

from __future__ import annotations

from dashboard.areas.compress import (
    compare,
    distillation,
    forgetting,
    graph,
    llm,
    pruning,
    quantization,
)
from dashboard.areas.compress.params import COMPRESS_TECHNIQUES
from dashboard.shell.page_header import PageContext, page_header, pick_view
from dashboard.shell.section import section
from models.registry import generative

SECTIONS = {
    "prune": pruning.render,
    "quantize": quantization.render,
    "distill": distillation.render,
    "compare": compare.render,
    "forget": forgetting.render,
    "graph": graph.render,
}


def body(ctx: PageContext) -> None:
    """Everything under the header: one section (its controls rerun only it)."""
    if generative(ctx.spec):  # a language model: its own view, judged by perplexity
        llm.render(ctx)
        return
    technique = pick_view(ctx.settings, ctx.lang, COMPRESS_TECHNIQUES, name="technique")
    SECTIONS[technique](ctx)


ctx = page_header("compress")
try:
    section("body", ctx.settings, body, ctx)
finally:
    ctx.settings.commit()
