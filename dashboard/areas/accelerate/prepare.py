"""Preparing backends on the page: progress while exporting or compiling, a message and a fallback
to eager when one fails, and the table of what each backend cost and how exact it is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import PreparedBackend
from components.errors import UserFacingError
from components.i18n import t
from dashboard.areas.accelerate.cache import ORIGINAL, prepared
from dashboard.areas.accelerate.controls import backend_label
from dashboard.shared.variants import Recipe
from dashboard.shell.page_header import PageContext


def prepare_all(
    ctx: PageContext,
    backends: tuple[str, ...],
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
) -> dict[str, PreparedBackend]:
    """Each backend built once per server; a failing one is explained and left out."""
    lang, name = ctx.lang, ctx.spec.name
    ready: dict[str, PreparedBackend] = {}
    todo = [b for b in backends if not prepared.ready(name, b, seq_len, variant)]
    slot = st.empty()  # the status shows while work runs, then goes away
    status = slot.status(t("accelerate.preparing", lang, n=len(todo))) if todo else None
    for backend in backends:
        label = backend_label(backend, lang)
        if status is not None and backend in todo:
            status.update(label=t("accelerate.preparing_one", lang, backend=label))
        try:
            ready[backend] = prepared(name, backend, seq_len, variant)
        except UserFacingError as err:
            st.warning(
                t(
                    "accelerate.fallback",
                    lang,
                    backend=label,
                    reason=t(err.key, lang, **err.values),
                ),
                icon="⚠️",
            )
    slot.empty()
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
