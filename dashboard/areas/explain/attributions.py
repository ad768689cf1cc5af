"""Attributions: several captum methods side by side on one input, their cost and agreement."""

from __future__ import annotations

import streamlit as st

from components.explain import (
    ATTRIBUTION_METHODS,
    Explanation,
    agreement_matrix,
    applicable_methods,
    conv_layers,
)
from components.explain.inputs import ImageCase
from components.figures import attribution_grid, heatmap
from components.i18n import t, t_text
from components.url_state import method_param_key
from dashboard.areas.explain.cache import attribution_maps
from dashboard.areas.explain.params import AGREEMENT_MEASURES
from dashboard.shared.brought_model import is_user_model, model_capabilities
from dashboard.shared.figures import array_key, shared_figure
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import among, index_in
from dashboard.shell.report import show_chart
from dashboard.shell.section import section


def method_params(ctx: PageContext, methods: list[str]) -> dict[str, dict]:
    """Each chosen method's own parameters as sliders (declared with the method). Their values
    live in the URL (``param_<method>_<name>``), so the widgets take no default of their own."""
    params: dict[str, dict] = {}
    with st.expander(t("explain.params", ctx.lang)):
        for method in methods:
            specs = ATTRIBUTION_METHODS[method].params
            if not specs:
                continue
            st.markdown(f"**{t(ATTRIBUTION_METHODS[method].label_key, ctx.lang)}**")
            columns = st.columns(len(specs))
            values = {}
            for column, spec in zip(columns, specs, strict=True):
                key = ctx.settings.key(method_param_key(method, spec.name))
                label = t(spec.label_key, ctx.lang)
                if spec.name == "layer":
                    layers = conv_layers(ctx.model)
                    if st.session_state[key] not in layers:  # "" or a name from the URL
                        st.session_state[key] = layers[-1]
                    values[spec.name] = column.selectbox(
                        label, layers, index=index_in(st.session_state[key], layers), key=key
                    )
                elif spec.kind == "choice":
                    values[spec.name] = column.selectbox(
                        label,
                        spec.choices,
                        index=index_in(st.session_state[key], spec.choices),
                        key=key,
                        format_func=lambda c, sp=spec: t(sp.choice_key(c), ctx.lang),
                    )
                else:  # a number: a float or an int slider, as its default is
                    kind = float if isinstance(spec.default, float) else int
                    values[spec.name] = column.slider(
                        label,
                        kind(spec.low),
                        kind(spec.high),
                        value=kind(st.session_state[key]),
                        step=kind(spec.step),
                        key=key,
                    )
            params[method] = values
    return params


def focus_method(ctx: PageContext, methods: list[str], key: str, where=st) -> str:
    """A picker of the one method a view studies; the choice is the URL's ``focus``, shared by
    the faithfulness, sanity and compressed views."""
    s = ctx.settings
    focus = s["focus"][0] if s["focus"] and s["focus"][0] in methods else methods[0]
    method = where.selectbox(
        t("explain.focus", ctx.lang),
        methods,
        index=methods.index(focus),
        format_func=lambda m: t(ATTRIBUTION_METHODS[m].label_key, ctx.lang),
        key=key,
    )
    st.session_state[s.key("focus")] = (method,)
    return method


def chosen_methods(ctx: PageContext) -> tuple[list[str], dict[str, dict]]:
    """The methods the user picked that apply to this model, and their parameters."""
    s, lang = ctx.settings, ctx.lang
    reasons = {m: (key, {}) for m, key in applicable_methods(ctx.model, ctx.spec).items() if key}
    if is_user_model(ctx.spec):  # a brought model: what its forward and inputs allow
        for m, cap in model_capabilities(ctx.spec.name).explain_methods.items():
            if not cap.ok and m not in reasons:
                reasons[m] = (cap.reason_key, cap.reason_values)
    valid = [m for m in s["methods"] if m in ATTRIBUTION_METHODS]
    if len(valid) < len(s["methods"]):
        st.session_state[s.key("methods")] = tuple(valid)
    options = list(ATTRIBUTION_METHODS)
    chosen = st.multiselect(
        t("explain.methods", lang),
        options,
        default=among(s["methods"], options),
        format_func=lambda m: t(ATTRIBUTION_METHODS[m].label_key, lang),
        key=s.key("methods"),
    )
    for method in chosen:
        if method in reasons:
            key, values = reasons[method]
            label = t(ATTRIBUTION_METHODS[method].label_key, lang)
            st.caption("ℹ️ " + t(key, lang, **{**values, "method": label}))
    runnable = [m for m in chosen if m not in reasons]
    return runnable, method_params(ctx, runnable)


def methods_or_hint(ctx: PageContext) -> tuple[list[str], dict[str, dict]]:
    """:func:`chosen_methods`, with a hint on the page when none of them can run."""
    methods, params = chosen_methods(ctx)
    if not methods:
        st.info(t("explain.no_methods", ctx.lang), icon="👆")
    return methods, params


def scale_label(lang: str, signed: bool) -> str:
    """The colour scale's caption under a grid of signed or absolute maps."""
    return t_text("explain.scale." + ("signed" if signed else "absolute"), lang)


def _cost(explanation: Explanation, lang: str) -> str:
    """A map's caption (plain text: a plotly subtitle): its cost, and for Integrated Gradients
    and DeepLift captum's convergence delta."""
    e = explanation
    cost = {"ms": e.seconds * 1e3, "fwd": e.forward_passes, "bwd": e.backward_passes}
    if e.delta is None:
        return t_text("explain.cost", lang, **cost)
    share = abs(e.delta / e.score_change) if e.score_change else float("inf")
    return t_text("explain.cost_delta", lang, **cost, delta=e.delta, share=share)


def render(ctx: PageContext, case: ImageCase) -> None:
    """The methods, and (a section: its controls rerun only it) the attribution grid and the
    agreement matrix."""
    methods, params = chosen_methods(ctx)
    section("grid", ctx.settings, _grid, ctx, case, methods, params)


def _grid(ctx: PageContext, case: ImageCase, methods: list[str], params: dict) -> None:
    s, lang = ctx.settings, ctx.lang
    c1, c2 = st.columns(2)
    c1.slider(
        t("explain.opacity", lang), 0.0, 1.0, value=s["opacity"], step=0.05, key=s.key("opacity")
    )
    c2.toggle(
        t("explain.signed", lang),
        value=s["signed"],
        key=s.key("signed"),
        help=t("explain.signed_help", lang),
    )
    if not methods:
        st.info(t("explain.no_methods", lang), icon="👆")
        return
    args = (ctx.spec, ctx.model, case, tuple(methods), params, ctx.seed)
    explanations = live(attribution_maps, *args, lang=lang, slot="explain_grid")
    if explanations is None:
        return
    labels = {e.method: t(ATTRIBUTION_METHODS[e.method].label_key, lang) for e in explanations}
    opacity, signed = float(s["opacity"]), bool(s["signed"])
    captions = {labels[e.method]: _cost(e, lang) for e in explanations}
    maps = array_key(case.preview, *(e.attribution for e in explanations))
    fig = shared_figure(
        ("explain_grid", maps, tuple(captions.items()), opacity, signed, case.target, lang),
        lambda: attribution_grid(
            case.preview,
            {labels[e.method]: e.attribution for e in explanations},
            opacity=opacity,
            signed=signed,
            captions=captions,
            scale_label=scale_label(lang, signed),
            title=t_text("explain.grid_title", lang, target=case.target),
        ),
    )
    show_chart(fig, key="explain_grid")
    st.caption(t("explain.grid_caption", lang))
    if any(e.delta is not None for e in explanations):
        st.caption(t("explain.delta_meaning", lang))
    if len(explanations) > 1:
        _agreement(ctx, explanations, labels)


def _agreement(ctx: PageContext, explanations: list[Explanation], labels: dict[str, str]) -> None:
    """How much the methods' maps agree, pairwise, by the measure the student picks."""
    s, lang = ctx.settings, ctx.lang
    measure = st.radio(
        t("explain.agreement", lang),
        AGREEMENT_MEASURES,
        index=s.index("agreement_measure", AGREEMENT_MEASURES),
        horizontal=True,
        format_func=lambda m: t(f"explain.agreement.{m}", lang),
        key=s.key("agreement_measure"),
    )
    matrix = agreement_matrix(explanations, measure=measure)
    names = [labels[m] for m in matrix.index]
    fig = shared_figure(
        ("explain_agreement", array_key(matrix.to_numpy()), tuple(names), lang),
        lambda: heatmap(
            matrix.to_numpy(),
            x_labels=names,
            y_labels=names,
            colorscale="RdBu",
            zmid=0.0,
            title=t("explain.agreement_title", lang),
            text_format="%{z:.2f}",
        ),
    )
    show_chart(fig, key="explain_agreement")
