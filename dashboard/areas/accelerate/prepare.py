"""Preparing backends on the page: progress while exporting or compiling, a message and a fallback
to eager when one fails, and the table of what each backend cost and how exact it is."""

from __future__ import annotations

import pandas as pd

from components.acceleration import PreparedBackend
from components.i18n import t
from dashboard.areas.accelerate.cache import ORIGINAL, prepared
from dashboard.areas.accelerate.controls import backend_label
from dashboard.shared.variants import Recipe
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext


def prepare_all(
    ctx: PageContext,
    backends: tuple[str, ...],
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
    slot: str = "accelerate_prepare",
) -> dict[str, PreparedBackend]:
    """The backends built already (once per server); the others are built in the background,
    each with its progress note, and join the comparison when they are ready. A failing one is
    explained and left out. ``slot`` names this place on the page (one per variant)."""
    lang, name = ctx.lang, ctx.spec.name
    ready: dict[str, PreparedBackend] = {}
    for backend in backends:
        label = backend_label(backend, lang)
        built = live(
            prepared,
            name,
            backend,
            seq_len,
            variant,
            lang=lang,
            slot=f"{slot}_{backend}",
            note=t("accelerate.preparing_one", lang, backend=label),
            about=t("accelerate.left_out", lang, backend=label),
        )
        if built is not None:
            ready[backend] = built
    return ready


def prepared_table(ready: dict[str, PreparedBackend], lang: str) -> pd.DataFrame:
    """Backend, one-off preparation time and agreement with eager."""
    rows = []
    for backend, p in ready.items():
        notes = " ".join(t(k, lang) for k in p.notes)
        rows.append(
            {
                t("accelerate.col.backend", lang): backend_label(backend, lang),
                t("accelerate.col.prepare", lang): round(p.prepare_s, 2),
                t("accelerate.col.diff", lang): f"{p.max_abs_diff:.1e}",
                t("accelerate.col.tolerance", lang): f"{p.tolerance:.1e}",
                t("accelerate.col.matches", lang): "✅" if p.matches else "❌",
                t("accelerate.col.notes", lang): notes,
            }
        )
    return pd.DataFrame(rows)
