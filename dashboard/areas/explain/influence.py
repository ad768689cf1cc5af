"""Training-data influence: which training digits made the model say this (TracIn), which are
odd, and whether a pruned variant leans on the same ones."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.explain.influence import (
    INFLUENCE_METHODS,
    Influence,
    InfluenceComparison,
    InfluenceSettings,
    has_checkpoints,
    training_checkpoints,
)
from components.explain.inputs import ImageCase
from components.figures import image_grid
from components.i18n import t, t_text
from components.images import display_images
from components.pruning import PruneSettings
from dashboard.areas.explain.cache import influence, training_self_influence
from dashboard.areas.explain.pruned_picker import pruned_settings
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def influence_applies(ctx: PageContext) -> bool:
    """Whether TracIn can run on the model: a classifier with labelled training data here. If
    not, says why on the page."""
    data = ctx.spec.load_data()
    labelled = (
        getattr(data, "x_train", None) is not None and getattr(data, "y_train", None) is not None
    )
    if ctx.spec.task != "classification" or not labelled:
        st.info(t("explain.influence.no_training_data", ctx.lang), icon="ℹ️")
        return False
    return True


def render(ctx: PageContext, case: ImageCase) -> None:
    s, lang = ctx.settings, ctx.lang
    if not influence_applies(ctx):
        return
    c1, c2, c3 = st.columns([1.4, 1, 1])
    method = c1.radio(
        t("explain.influence.method", lang),
        INFLUENCE_METHODS,
        index=s.index("inf_method", INFLUENCE_METHODS),
        format_func=lambda m: t(f"explain.influence.method.{m}", lang),
        key=s.key("inf_method"),
        horizontal=True,
    )
    k = int(
        c2.slider(
            t("explain.influence.k", lang),
            *InfluenceSettings.K_RANGE,
            value=s["inf_k"],
            key=s.key("inf_k"),
        )
    )
    c3.toggle(
        t("explain.influence.compare", lang), value=s["inf_compare"], key=s.key("inf_compare")
    )
    _history_note(ctx)
    args = (ctx.spec, ctx.model, None, case, method)
    if method == "full" and not shown_on_request(influence, *args):
        st.caption(t("explain.influence.full_note", lang))
        if not st.button(t("explain.influence.run_full", lang), key="explain_inf_run", icon="🧮"):
            return
    result = live(influence, *args, lang=lang, slot="explain_influence")
    if result is None:
        return
    _show_influence(ctx, case, result, k, t_text("cmp.original", lang), "explain_inf")
    if s["inf_compare"]:
        _compare(ctx, case, method, result, k)
    st.divider()
    _self_influence(ctx, k)


def _history_note(ctx: PageContext) -> None:
    """Which checkpoints are summed, and what is lost without them."""
    lang = ctx.lang
    if not has_checkpoints(ctx.spec):
        st.caption(t("explain.influence.final_only", lang))
        return
    epochs = ", ".join(
        t_text("explain.influence.epoch", lang, epoch=c.epoch, acc=c.test_accuracy or 0.0)
        for c in training_checkpoints(ctx.spec)
    )
    st.caption(t("explain.influence.caption", lang, epochs=epochs))


def _captions(ctx: PageContext, indices: np.ndarray, result: Influence) -> list[str]:
    labels = ctx.spec.load_data().y_train
    return [
        t_text(
            "explain.influence.cell",
            ctx.lang,
            index=int(i),
            label=int(labels[i]),
            score=float(result.scores[i]),
        )
        for i in indices
    ]


def _grid(
    ctx: PageContext,
    indices: np.ndarray,
    captions: list[str],
    highlight,
    title: str,
    key: str,
    where=None,
) -> None:
    data = ctx.spec.load_data()
    images = display_images(data, data.x_train[np.asarray(indices)])
    show_chart(
        image_grid(
            list(images), captions, columns=min(8, len(indices)), highlight=highlight, title=title
        ),
        key=key,
        where=where,
    )


def _show_influence(
    ctx: PageContext, case: ImageCase, result: Influence, k: int, model_label: str, key: str
) -> None:
    """The top proponents and opponents of ``result`` as digit grids; a proponent of another
    class than the target (or an opponent of the target class) is highlighted."""
    lang = ctx.lang
    labels = ctx.spec.load_data().y_train.numpy()
    pro, opp = result.proponents(k), result.opponents(k)
    _grid(
        ctx,
        pro,
        _captions(ctx, pro, result),
        [bool(labels[i] != case.target) for i in pro],
        t_text("explain.influence.proponents", lang, model=model_label, target=case.target),
        f"{key}_proponents",
    )
    _grid(
        ctx,
        opp,
        _captions(ctx, opp, result),
        [bool(labels[i] == case.target) for i in opp],
        t_text("explain.influence.opponents", lang, model=model_label, target=case.target),
        f"{key}_opponents",
    )
    same = float(np.mean(labels[pro] == case.target))
    st.caption(t("explain.influence.summary", lang, share=same, target=case.target))


def variant_label(ctx: PageContext, settings: PruneSettings) -> str:
    lang = ctx.lang
    method = t(f"prune.method.{settings.method}", lang)
    return t_text("prune.variant_label", lang, method=method, amount=settings.amount)


def _compare(ctx: PageContext, case: ImageCase, method: str, original: Influence, k: int) -> None:
    """The variant's proponents beside the original's, and how much they share."""
    lang = ctx.lang
    st.header(t("explain.influence.compare_title", lang))
    settings = pruned_settings(ctx, *st.columns(2))
    st.caption(t("explain.influence.variant_note", lang))
    variant = live(
        influence,
        ctx.spec,
        ctx.model,
        settings,
        case,
        method,
        lang=lang,
        slot="explain_inf_variant",
    )
    if variant is None:
        return
    label = variant_label(ctx, settings)
    pro, shared = variant.proponents(k), set(original.proponents(k).tolist())
    _grid(
        ctx,
        pro,
        _captions(ctx, pro, variant),
        [int(i) not in shared for i in pro],  # red: not among the original's proponents
        t_text("explain.influence.variant_proponents", lang, model=label, target=case.target),
        "explain_inf_variant_proponents",
    )
    pair = InfluenceComparison(original, variant, k)
    m1, m2 = st.columns(2)
    m1.metric(t("explain.influence.overlap", lang, k=k), f"{pair.proponent_overlap:.0%}")
    m2.metric(t("explain.influence.rank_corr", lang), f"{pair.rank_correlation:.2f}")
    st.caption(t("explain.influence.compare_caption", lang))


def _self_influence(ctx: PageContext, k: int) -> None:
    """The training digits with the highest self-influence: hard, odd or mislabelled ones."""
    lang = ctx.lang
    st.header(t("explain.influence.self_title", lang))
    st.caption(t("explain.influence.self_caption", lang))
    result = live(
        training_self_influence, ctx.spec, ctx.model, lang=lang, slot="explain_self_influence"
    )
    if result is None:
        return
    labels = ctx.spec.load_data().y_train.numpy()
    top = result.ranking(2 * k)
    captions = [
        t_text(
            "explain.influence.self_cell",
            lang,
            index=int(i),
            label=int(labels[i]),
            predicted=int(result.predicted[i]),
            score=float(result.scores[i]),
        )
        for i in top
    ]
    _grid(
        ctx,
        top,
        captions,
        [bool(result.predicted[i] != labels[i]) for i in top],  # red: the model disagrees
        t_text("explain.influence.self_grid", lang, k=len(top)),
        "explain_self_influence_grid",
    )
