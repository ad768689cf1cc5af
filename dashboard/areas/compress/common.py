"""Layout pieces shared by the Compress sections."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.compare import PredictionPairs, prediction_pairs
from components.figures import heatmap, image_grid
from components.i18n import t
from components.kept_variants import MAX_KEPT, KeptVariant, Settings, variant_label
from components.pruning.weight_maps import weight_maps
from dashboard.areas.compress.cache import sentence_similarity
from dashboard.shared import variants
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.figures import shared_figure
from dashboard.shared.variants import Recipe
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


def weight_heatmaps(
    ctx: PageContext,
    before: np.ndarray,
    after: np.ndarray,
    names: tuple[str, str],
    cache_key: tuple,
) -> None:
    """Original and variant weight matrices side by side, same colour scale, pruned cells blank.

    ``cache_key`` (what ``before`` and ``after`` come from: model, recipe, layer) shares the
    figures between sessions.
    """
    maps = weight_maps(before, after, HEATMAP_ROWS, HEATMAP_COLS)
    left, right = st.columns(2)
    for column, matrix, name, key in (
        (left, maps.before, names[0], "before"),
        (right, maps.after, names[1], "after"),
    ):

        def build(matrix=matrix, name=name):
            fig = heatmap(matrix, title=name, value_label="w")
            return fig.update_traces(zmin=-maps.scale, zmax=maps.scale)

        fig = shared_figure(("heatmap", *cache_key, name, key), build)
        show_chart(fig, where=column, key=f"compress_heatmap_{key}")
    if maps.cropped:
        shape = "×".join(map(str, before.shape))
        rows, cols = HEATMAP_ROWS, HEATMAP_COLS
        st.caption(t("prune.heatmap_cropped", ctx.lang, rows=rows, cols=cols, shape=shape))


def side_by_side(ctx: PageContext, variant_name: str, key: str, recipe: Recipe) -> None:
    """Original and variant on the same inputs: digits with both predictions, or the sentence
    similarity matrices of both encoders.

    ``recipe`` (the variant's ``(kind, settings)``) shares the results between sessions: both
    models on the whole test split and the figure are then computed once per recipe.
    """
    if ctx.spec.task == "sentence-embedding":
        _similarities(ctx, variant_name, key, recipe)
        return
    pictures = model_applicability(ctx.spec.name).images
    if not pictures:  # a brought model: tokens, tables, no labels …
        st.caption("ℹ️ " + reason_text(pictures, ctx.lang))
        return
    # Its value lives in the URL (``<key>_first``), kept by the page's settings.
    name, label = f"{key}_first", t("cmp.disagree_first", ctx.lang)
    first = bool(st.checkbox(label, value=ctx.settings[name], key=ctx.settings.key(name)))
    cache_key = ("pairs", ctx.spec.name, recipe, ctx.seed, first, ctx.lang, variant_name)
    fig = shared_figure(cache_key, lambda: _pairs_figure(ctx, recipe, variant_name, first))
    show_chart(fig, key=f"compress_{key}_pairs")


def _similarities(ctx: PageContext, variant_name: str, key: str, recipe: Recipe) -> None:
    """The sentence similarity matrices of the original and the variant encoder."""
    lang, name = ctx.lang, ctx.spec.name
    before = sentence_similarity(name, ("original", None), ctx.seed)
    after = sentence_similarity(name, recipe, ctx.seed)
    short = [s if len(s) <= 30 else s[:28] + "…" for s in before.sentences]
    left, right = st.columns(2)
    for column, sim, title, suffix in (
        (left, before, t("cmp.original", lang), "a"),
        (right, after, variant_name, "b"),
    ):
        fig = heatmap(
            sim.matrix,
            x_labels=short,
            y_labels=short,
            colorscale="Blues",
            zmid=None,
            title=title,
            value_label="cos",
            text_format="%{z:.2f}",
        )
        fig.update_traces(zmin=0, zmax=1)
        show_chart(fig, where=column, key=f"compress_{key}_sim_{suffix}")


def _pairs_figure(ctx: PageContext, recipe: Recipe, variant_name: str, first: bool):
    """Seeded test digits with the original's and the variant's predictions (both models'
    cached outputs on the test split: nothing runs again)."""
    lang, name = ctx.lang, ctx.spec.name
    pairs: PredictionPairs = prediction_pairs(
        variants.reference_outputs(name),
        variants.variant_outputs(name, recipe),
        ctx.spec.load_data(),
        n=10,
        seed=ctx.seed,
        disagreements_first=first,
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
