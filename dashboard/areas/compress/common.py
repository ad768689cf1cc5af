"""Layout pieces shared by the Compress sections."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.compare import PredictionPairs, prediction_pairs
from components.figures import heatmap, image_grid
from components.i18n import t
from components.kept_variants import MAX_KEPT, KeptVariant, Settings, variant_label
from components.model_card import sample_sentence_similarity
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.variants import shared_figure
from dashboard.shell.page_header import PageContext
from dashboard.shell.presenter import grid_columns
from dashboard.shell.report import show_chart
from dashboard.shell.state import set_kept, shared

HEATMAP_ROWS, HEATMAP_COLS = 64, 160  # larger weight matrices are cropped (the browser stays fast)


def keep_variant_button(ctx: PageContext, kind: str, settings: Settings) -> None:
    """A button that keeps this variant (its recipe) for the comparison table and the link."""
    if not st.button(t("variants.keep", ctx.lang), key=f"compress_keep_{kind}", icon="📌"):
        return
    variant = KeptVariant(ctx.spec.name, kind, settings)
    label = variant_label(kind, settings, ctx.lang)
    kept = list(shared().kept)
    if variant in kept:
        st.toast(t("variants.already", ctx.lang, label=label))
        return
    kept.append(variant)
    if len(kept) > MAX_KEPT:
        dropped = kept.pop(0)
        dropped_label = variant_label(dropped.kind, dropped.settings, ctx.lang)
        st.toast(t("variants.dropped", ctx.lang, label=dropped_label, n=MAX_KEPT))
    set_kept(kept)
    st.toast(t("variants.kept", ctx.lang, label=label))


def masked_view(original: np.ndarray, variant: np.ndarray) -> np.ndarray:
    """The variant's weights with pruned entries (zero now, non-zero before) as NaN: blank cells."""
    view = variant.astype(float).copy()
    if view.shape == original.shape:
        view[(variant == 0) & (original != 0)] = np.nan
    return view


def weight_heatmaps(
    ctx: PageContext,
    before: np.ndarray,
    after: np.ndarray,
    names: tuple[str, str],
    cache_key: tuple | None = None,
) -> None:
    """Original and variant weight matrices side by side, same colour scale, pruned cells blank.

    ``cache_key`` (what ``before`` and ``after`` come from: model, recipe, layer) shares the
    figures between sessions.
    """
    crop = before.shape[0] > HEATMAP_ROWS or before.shape[1] > HEATMAP_COLS
    before_c = before[:HEATMAP_ROWS, :HEATMAP_COLS]
    after_c = masked_view(before, after)[:HEATMAP_ROWS, :HEATMAP_COLS]
    scale = float(np.nanmax(np.abs(before_c))) or 1.0
    left, right = st.columns(2)
    for column, matrix, name, key in (
        (left, before_c, names[0], "before"),
        (right, after_c, names[1], "after"),
    ):

        def build(matrix=matrix, name=name):
            fig = heatmap(matrix, title=name, value_label="w")
            return fig.update_traces(zmin=-scale, zmax=scale)

        fig = shared_figure(("heatmap", *cache_key, name, key), build) if cache_key else build()
        show_chart(fig, where=column, key=f"compress_heatmap_{key}")
    if crop:
        st.caption(
            t(
                "prune.heatmap_cropped",
                ctx.lang,
                rows=HEATMAP_ROWS,
                cols=HEATMAP_COLS,
                shape="×".join(map(str, before.shape)),
            )
        )


def side_by_side(
    ctx: PageContext, variant, variant_name: str, key: str, recipe: tuple | None = None
) -> None:
    """Original and variant on the same inputs: digits with both predictions, or the sentence
    similarity matrices of both encoders.

    ``recipe`` (the variant's ``(kind, settings)``) shares the digit grid between sessions: both
    models on the whole test split and the figure are then computed once per recipe.
    """
    lang = ctx.lang
    data = ctx.spec.load_data()
    text = ctx.spec.task == "sentence-embedding"
    pictures = None if text else model_applicability(ctx.spec.name).images
    if pictures:
        # Its value lives in the URL (``<key>_first``), kept by the page's settings.
        first = st.checkbox(t("cmp.disagree_first", lang), key=ctx.settings.key(f"{key}_first"))
        if recipe is not None:
            cache_key = ("pairs", ctx.spec.name, recipe, ctx.seed, bool(first), lang, variant_name)
            fig = shared_figure(
                cache_key, lambda: _pairs_figure(ctx, variant, variant_name, bool(first))
            )
        else:
            fig = _pairs_figure(ctx, variant, variant_name, first)
        show_chart(fig, key=f"compress_{key}_pairs")
        return
    if pictures is not None:  # a brought model: tokens, tables, no labels …
        st.caption("ℹ️ " + reason_text(pictures, lang))
        return
    before = sample_sentence_similarity(ctx.model, data, pairs=4, seed=ctx.seed)
    after = sample_sentence_similarity(variant, data, pairs=4, seed=ctx.seed)
    short = [s if len(s) <= 30 else s[:28] + "…" for s in before.sentences]
    left, right = st.columns(2)
    for column, sim, name, suffix in (
        (left, before, t("cmp.original", lang), "a"),
        (right, after, variant_name, "b"),
    ):
        fig = heatmap(
            sim.matrix,
            x_labels=short,
            y_labels=short,
            colorscale="Blues",
            zmid=None,
            title=name,
            value_label="cos",
            text_format="%{z:.2f}",
        )
        fig.update_traces(zmin=0, zmax=1)
        show_chart(fig, where=column, key=f"compress_{key}_sim_{suffix}")


def _pairs_figure(ctx: PageContext, variant, variant_name: str, first: bool):
    """Seeded test digits with the original's and the variant's predictions."""
    lang = ctx.lang
    pairs: PredictionPairs = prediction_pairs(
        ctx.model, variant, ctx.spec.load_data(), n=10, seed=ctx.seed, disagreements_first=first
    )
    captions = [
        t("cmp.pair_caption", lang, true=y, a=a, pa=pa, b=b, pb=pb)
        for y, a, pa, b, pb in zip(
            pairs.true,
            pairs.original,
            pairs.original_conf,
            pairs.variant,
            pairs.variant_conf,
            strict=True,
        )
    ]
    differ = [a != b for a, b in zip(pairs.original, pairs.variant, strict=True)]
    return image_grid(
        pairs.images,
        captions,
        columns=grid_columns(5),
        highlight=differ,
        title=t(
            "cmp.pairs_title",
            lang,
            n=pairs.disagreements,
            total=pairs.total,
            variant=variant_name,
        ),
    )
