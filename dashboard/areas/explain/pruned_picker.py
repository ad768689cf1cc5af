"""The pruned variant's method and amount pickers that the compressed, influence and concepts
views share (one pair of settings in the URL: ``pmethod``, ``pamount``)."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from components.i18n import t
from components.pruning import PRUNE_METHODS, PruneSettings
from dashboard.shell.page_header import PageContext

# Masks keep the model's shapes: an explanation of the variant lines up with the original's.
MASKING_METHODS = [m for m in PRUNE_METHODS if m != "channel_removal"]


def pruned_settings(
    ctx: PageContext, method_column: DeltaGenerator, amount_column: DeltaGenerator
) -> PruneSettings:
    """Draw the method and amount pickers in their columns; the variant's settings."""
    s, lang = ctx.settings, ctx.lang
    method = method_column.selectbox(
        t("prune.method", lang),
        MASKING_METHODS,
        index=s.index("pmethod", MASKING_METHODS),
        format_func=lambda m: t(f"prune.method.{m}", lang),
        key=s.key("pmethod"),
    )
    amount_column.slider(
        t("prune.amount", lang),
        *PruneSettings.AMOUNT_RANGE,
        value=s["pamount"],
        step=0.05,
        key=s.key("pamount"),
        format="percent",
    )
    return PruneSettings(method=method, amount=float(s["pamount"]), seed=ctx.seed)
