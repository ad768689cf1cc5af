"""Pruning section: controls, original vs pruned, per-layer sparsity, weights, sweeps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.figures import heatmap, histogram_overlay, layer_bar_chart, sweep_chart
from components.i18n import t, t_text
from components.kept_variants import variant_label
from components.profiling import family_change
from components.pruning import (
    PRUNE_METHODS,
    PruneSettings,
    prunable_layers,
    sparsity_table,
    weight_view,
)
from dashboard.areas.compress.cache import (
    SWEEP_POINTS,
    WHY_BATCH,
    sensitivity,
    sweep,
    why_profiles,
)
from dashboard.areas.compress.common import keep_variant_button, side_by_side, weight_heatmaps
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.comparison import Comparison, live_comparison, render_comparison
from dashboard.shared.figures import shared_figure
from dashboard.shared.variants import pruned
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.measured import measured_note, remeasuring
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import among
from dashboard.shell.pages import page_file
from dashboard.shell.report import show_chart
from dashboard.shell.section import section


def _controls(ctx: PageContext) -> PruneSettings:
    s, lang = ctx.settings, ctx.lang
    c1, c2, c3 = st.columns([1.2, 1.5, 1])
    methods = list(PRUNE_METHODS)
    method = c1.selectbox(
        t("prune.method", lang),
        methods,
        index=s.index("method", methods),
        format_func=lambda m: t(f"prune.method.{m}", lang),
        key=s.key("method"),
    )
    supports_global = PRUNE_METHODS[method].supports_global
    c2.slider(
        t("prune.amount", lang),
        *PruneSettings.AMOUNT_RANGE,
        step=0.05,
        value=s["amount"],
        key=s.key("amount"),
        format="percent",
        help=t("prune.amount_help", lang),
    )
    if supports_global:
        scopes = ("layer", "global")
        c3.radio(
            t("prune.scope", lang),
            scopes,
            index=s.index("scope", scopes),
            format_func=lambda k: t(f"prune.scope.{k}", lang),
            key=s.key("scope"),
            horizontal=True,
            help=t("prune.scope_help", lang),
        )
    else:  # said in words: a disabled widget's label is too faint to read (axe color-contrast)
        c3.caption(t("prune.scope_layer_only", lang))
    c4, c5 = st.columns([2.7, 1])
    layers, picked = _layer_controls(ctx, c4)
    finetune = _finetune_control(ctx, c5)
    return PruneSettings(
        method=method,
        amount=float(s["amount"]),
        scope=s["scope"] if supports_global else "layer",
        layers=layers,
        picked=picked,
        finetune_epochs=finetune,
        seed=ctx.seed,
    )


def _layer_controls(ctx: PageContext, column) -> tuple[str, tuple[str, ...]]:
    """Which layers to prune: a family, or the picked ones (names from a link are checked)."""
    s, lang = ctx.settings, ctx.lang
    families = ("all", "conv", "linear", "pick")
    layers = (
        column.segmented_control(
            t("prune.layers", lang),
            families,
            default=s["layers"] if s["layers"] in families else "all",
            format_func=lambda k: t(f"prune.layers.{k}", lang),
            key=s.key("layers"),
            required=True,  # one is always chosen: no deselected "None" in the URL
        )
        or "all"
    )
    if layers != "pick":
        return layers, ()
    all_layers = prunable_layers(ctx.model, "all")
    valid = [name for name in s["picked"] if name in all_layers]
    if len(valid) < len(s["picked"]):
        st.warning(t("prune.unknown_layers", lang), icon="⚠️")
        st.session_state[s.key("picked")] = tuple(valid)
    picked = column.multiselect(
        t("prune.pick", lang),
        all_layers,
        default=among(s["picked"], all_layers),
        key=s.key("picked"),
    )
    return layers, tuple(picked)


def _finetune_control(ctx: PageContext, column) -> int:
    """Fine-tuning epochs after pruning; 0 where the model cannot be fine-tuned here."""
    s, lang = ctx.settings, ctx.lang
    finetuning = model_applicability(ctx.spec.name).finetuning
    if not finetuning.ok:  # said in words, not a faint disabled slider (axe color-contrast)
        column.caption(t("prune.no_finetune", lang, why=reason_text(finetuning, lang)))
        return 0
    column.slider(
        t("prune.finetune", lang),
        *PruneSettings.FINETUNE_RANGE,
        value=s["finetune"],
        key=s.key("finetune"),
        help=t("prune.finetune_help", lang),
    )
    return int(s["finetune"])


def _speed_lesson(
    ctx: PageContext, comparison: Comparison, physically_removed: bool, settings: PruneSettings
) -> None:
    """Why the pruned model is (not) faster: once its latency is measured."""
    if not comparison.timed:
        return
    lang, (orig, var) = ctx.lang, comparison.rows
    values = {
        "latency": var.latency_ms / orig.latency_ms,
        "flops": var.flops / orig.flops,
        "effective": var.effective_flops / orig.flops,
    }
    if physically_removed:
        st.success(t("prune.speed.removed", lang, **values), icon="⚡")
    else:
        st.info(t("prune.speed.masked", lang, **values), icon="💡")
    _why_profiled(ctx, ("prune", settings))


def _why_profiled(ctx: PageContext, recipe: tuple[str, PruneSettings]) -> None:
    """The measured reason one level down: operator shares before and after (on request, or
    at once when the profiles exist), and a link to the full profile on Accelerate."""
    lang, name = ctx.lang, ctx.spec.name
    args = (name, recipe, ctx.threads)
    if not shown_on_request(why_profiles, *args):
        st.caption(t("prune.why.caption", lang, batch=WHY_BATCH))
        if not st.button(t("prune.why.run", lang), key="compress_why_run", icon="🔬"):
            return
    pair = live(why_profiles, *args, lang=lang, slot="compress_why")
    if pair is None:
        return
    before, after = pair
    change = family_change(before, after)
    top = change.sort_values("share_after", ascending=False).iloc[0]
    shrunk = change.dropna(subset=["ratio"]).sort_values("ratio").iloc[0]
    names = {f: t_text(f"profile.family.{f}", lang) for f in change["family"]}
    st.info(
        t(
            "prune.why.measured",
            lang,
            batch=after.batch,
            threads=after.threads,
            steps=after.steps,
            before_ms=before.self_ms,
            after_ms=after.self_ms,
            ratio=after.self_ms / before.self_ms,
            top=names[top["family"]],
            top_after=top["share_after"],
            top_before=top["share_before"],
            top_ratio=top["ratio"],
            shrunk=names[shrunk["family"]],
            shrunk_ratio=shrunk["ratio"],
        ),
        icon="🔬",
    )
    st.page_link(
        page_file("accelerate"),
        label=t("prune.why.link", lang),
        icon="➡️",
        query_params={"view": "profile", "batch": str(WHY_BATCH), "threads": str(ctx.threads)},
    )


def _layer_charts(ctx: PageContext, settings: PruneSettings, result) -> None:
    fig = shared_figure(
        ("prune_layers", ctx.spec.name, settings, ctx.lang), lambda: _layer_figure(ctx, result)
    )
    show_chart(fig, key="compress_layer_sparsity")


def _layer_figure(ctx: PageContext, result):
    lang = ctx.lang
    table = sparsity_table(ctx.model, result.model)
    before, after = t("cmp.original", lang), t("cmp.pruned", lang)
    if result.physically_removed:
        fig = layer_bar_chart(
            table["name"],
            {before: table["params_before"], after: table["params_after"]},
            title=t("prune.params_per_layer", lang),
            value_label=t("col.params", lang),
        )
    else:
        fig = layer_bar_chart(
            table["name"],
            {before: table["sparsity_before"], after: table["weights_gone"]},
            title=t("prune.sparsity_per_layer", lang),
            value_label=t("col.sparsity", lang),
            percent=True,
        )
    return fig


def _inspector(ctx: PageContext, settings: PruneSettings, result):
    """Layer picker and weight histogram; returns the weights for the heatmaps below and the
    layer."""
    s, lang = ctx.settings, ctx.lang
    layers = prunable_layers(ctx.model, "all")
    current = s["inspect"]
    default = result.targeted[0] if result.targeted else layers[0]
    chosen = current[0] if current and current[0] in layers else default
    layer = st.selectbox(
        t("prune.inspect", lang), layers, index=layers.index(chosen), key="compress_inspect_layer"
    )
    st.session_state[s.key("inspect")] = (layer,)
    before = weight_view(ctx.model, layer)
    after = weight_view(result.model, layer)
    names = (t("cmp.original", lang), t("cmp.pruned", lang))
    fig = shared_figure(
        ("prune_histogram", ctx.spec.name, settings, layer, lang),
        lambda: histogram_overlay(
            {names[0]: before, names[1]: after},
            title=t_text("prune.histogram", lang, layer=layer),
            x_label=t("prune.weight_value", lang),
            y_label=t("chart.count", lang),
            log_y=True,
        ),
    )
    show_chart(fig, key="compress_histogram")
    return before, after, names, layer


def _sweeps(ctx: PageContext, settings: PruneSettings, metric: str) -> None:
    """The amount sweep and the layer sensitivity, each run on request (or shown when cached)."""
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("prune.sweep.title", lang))
    st.caption(t("prune.sweep.caption", lang, n=SWEEP_POINTS))
    clicked = st.button(t("prune.sweep.run", lang), key="compress_sweep_run", icon="📈")
    again = remeasuring("compress_sweep_remeasure")
    if clicked or again or shown_on_request(sweep, name, settings, ctx.threads):
        frame = live(sweep, name, settings, ctx.threads, lang=lang, slot="compress_sweep")
        if frame is not None:
            show_chart(_sweep_figure(ctx, settings, metric, frame), key="compress_sweep_chart")
            entry = sweep.entry(name, settings, ctx.threads)
            measured_note(lang, [entry], key="compress_sweep_remeasure")
    st.header(t("prune.sens.title", lang))
    st.caption(t("prune.sens.caption", lang))
    clicked = st.button(t("prune.sens.run", lang), key="compress_sens_run", icon="🧪")
    if clicked or shown_on_request(sensitivity, name, settings):
        frame = live(sensitivity, name, settings, lang=lang, slot="compress_sensitivity")
        if frame is not None:
            show_chart(_sensitivity_figure(ctx, frame), key="compress_sens_chart")


def _sweep_figure(
    ctx: PageContext, settings: PruneSettings, metric: str, frame: pd.DataFrame
) -> go.Figure:
    """Quality and agreement (top), latency and FLOP ratios (bottom) over the amount."""
    lang = ctx.lang
    base = frame.iloc[0]
    fig = sweep_chart(
        frame["amount"],
        {
            t(f"metric.{metric}", lang): frame["quality"],
            t("cmp.agreement", lang): frame["agreement"],
        },
        {
            t("prune.sweep.latency_ratio", lang): frame["latency_ratio"],
            t("prune.sweep.flops_ratio", lang): frame["flops"] / base["flops"],
            t("prune.sweep.effective_ratio", lang): frame["effective_flops"] / base["flops"],
        },
        marker_x=settings.amount,
        x_label=t("prune.amount", lang),
        top_label=t("prune.sweep.quality", lang),
        bottom_label=t("prune.sweep.ratio", lang),
        title=t("prune.sweep.chart", lang),
    )
    return fig.update_xaxes(tickformat=".0%")


def _sensitivity_figure(ctx: PageContext, frame: pd.DataFrame) -> go.Figure:
    """Quality drop per layer (rows, in the model's order) and amount (columns)."""
    pivot = frame.pivot(index="layer", columns="amount", values="quality_drop")
    pivot = pivot.reindex(list(dict.fromkeys(frame["layer"])))
    return heatmap(
        pivot.to_numpy(),
        x_labels=[f"{a:.0%}" for a in pivot.columns],
        y_labels=list(pivot.index),
        colorscale="Reds",
        zmid=None,
        value_label=t("prune.sens.drop", ctx.lang),
        text_format="%{z:.1%}",
        title=t("prune.sens.chart", ctx.lang),
    )


def render(ctx: PageContext) -> None:
    """The whole pruning section."""
    lang = ctx.lang
    settings = _controls(ctx)
    # Fine-tuning trains at least one epoch (0.5 s on LeNet): not worth waiting for inline.
    training = settings.finetune_epochs > 0
    result = live(
        pruned, ctx.spec.name, settings, lang=lang, slot="compress_variant", slow=training
    )
    if result is None:
        return
    label = variant_label("prune", settings, lang)
    st.header(t("cmp.title", lang))
    recipes = (("prune", settings),)
    comparison = live_comparison(ctx.spec.name, recipes, ctx.threads, lang, slot="compress_cmp")
    if comparison is None:
        return
    render_comparison(comparison, [t("cmp.original", lang), label], lang)
    _speed_lesson(ctx, comparison, result.physically_removed, settings)
    for note in result.notes:
        st.caption("ℹ️ " + t(note, lang))
    keep_variant_button(ctx, "prune", settings)
    # Sections: the layer picker, the "disagreements first" box and the sweeps' buttons rerun
    # only their own part of the page.
    section("layers", ctx.settings, _layers, ctx, settings, result)
    st.header(t("cmp.side_by_side", lang))
    recipe = ("prune", settings)
    section("pairs", ctx.settings, side_by_side, ctx, label, "prune", recipe)
    section("sweeps", ctx.settings, _sweeps, ctx, settings, comparison.rows[0].quality_metric)


def _layers(ctx: PageContext, settings: PruneSettings, result) -> None:
    """Sparsity per layer, and the chosen layer's weights before and after."""
    left, right = st.columns(2)
    with left:
        _layer_charts(ctx, settings, result)
    with right:
        before, after, names, layer = _inspector(ctx, settings, result)
    weight_heatmaps(ctx, before, after, names, cache_key=(ctx.spec.name, settings, layer))
