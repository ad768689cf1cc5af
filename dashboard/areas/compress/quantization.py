"""Quantization section: int8 and half precision against the original, with the honest why."""

from __future__ import annotations

import streamlit as st

from components.figures import histogram_overlay, layer_bar_chart
from components.i18n import t, t_text
from components.kept_variants import variant_label
from components.quantization import (
    QUANT_METHODS,
    CpuFeatures,
    QuantSettings,
    cpu_features,
    layer_weight,
    speed_verdict,
)
from dashboard.areas.compress.cache import int8_grid, layer_errors, most_sensitive_layers
from dashboard.areas.compress.common import keep_variant_button, side_by_side
from dashboard.areas.compress.params import MAX_KEPT_FP32
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.comparison import live_comparison, render_comparison
from dashboard.shared.variants import quantized
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart
from dashboard.shell.section import section


def _controls(ctx: PageContext) -> QuantSettings:
    s, lang = ctx.settings, ctx.lang
    c1, c2, c3, c4 = st.columns([1.3, 1, 1.2, 1.2])
    methods = list(QUANT_METHODS)
    method = c1.selectbox(
        t("quant.method", lang),
        methods,
        index=s.index("qmethod", methods),
        format_func=lambda m: t(f"quant.method.{m}", lang),
        key=s.key("qmethod"),
    )
    is_int8 = method.endswith("int8")
    # Controls that do not apply are said in words, not drawn disabled: a disabled widget's
    # label is too faint to read (contrast 2.6:1, axe color-contrast).
    if is_int8:
        c2.toggle(
            t("quant.per_channel", lang),
            value=s["per_channel"],
            key=s.key("per_channel"),
            help=t("quant.per_channel_help", lang),
        )
    else:
        c2.caption(t("quant.int8_only", lang))
    if QUANT_METHODS[method].needs_calibration:
        c3.slider(
            t("quant.calib", lang),
            *QuantSettings.CALIBRATION_RANGE,
            value=s["calib"],
            key=s.key("calib"),
            help=t("quant.calib_help", lang),
        )
    else:
        c3.caption(t("quant.calib_none", lang))
    if is_int8:
        c4.slider(
            t("quant.keep", lang),
            0,
            MAX_KEPT_FP32,
            value=s["keep"],
            key=s.key("keep"),
            help=t("quant.keep_help", lang),
        )
    keep = most_sensitive_layers(ctx.spec.name, int(s["keep"])) if is_int8 else []
    return QuantSettings(
        method=method,
        per_channel=bool(s["per_channel"]),
        calibration_batches=int(s["calib"]),
        keep_fp32=tuple(keep),
    )


def _error_chart(ctx: PageContext, settings: QuantSettings):
    lang = ctx.lang
    errors = layer_errors(ctx.spec.name, settings)
    series = {t("quant.sqnr_weight", lang): errors["sqnr_db"]}
    if "output_sqnr_db" in errors:
        series[t("quant.sqnr_output", lang)] = errors["output_sqnr_db"]
    show_chart(
        layer_bar_chart(
            errors["name"], series, title=t("quant.error_title", lang), value_label="SQNR (dB)"
        ),
        key="compress_quant_error",
    )
    st.caption(t("quant.error_caption", lang))
    return errors


def _grid_histogram(ctx: PageContext, settings: QuantSettings, layers: list[str]) -> None:
    """One layer's weights: on the int8 grid they are rounded to, or alone for half precision."""
    lang, s = ctx.lang, ctx.settings
    c1, c2 = st.columns([2, 1])
    if st.session_state[s.key("quant_layer")] not in layers:  # a URL name, or another model's
        st.session_state[s.key("quant_layer")] = layers[0]
    layer = c1.selectbox(
        t("quant.hist_layer", lang),
        layers,
        index=s.index("quant_layer", layers),
        key=s.key("quant_layer"),
    )
    weight = layer_weight(ctx.model, layer)
    if not settings.method.endswith("int8"):
        show_chart(
            histogram_overlay(
                {t("quant.weights", lang): weight},
                bins=120,
                title=t_text("prune.histogram", lang, layer=layer),
                x_label=t("prune.weight_value", lang),
                y_label=t("chart.count", lang),
                log_y=True,
            ),
            key="compress_quant_hist",
        )
        st.caption(t("quant.half_hist", lang, method=settings.method))
        return
    channel = _channel_input(ctx, c2, len(weight)) if settings.per_channel else 0
    grid = int8_grid(ctx.spec.name, layer, settings.per_channel, channel)
    show_chart(
        histogram_overlay(
            {t("quant.weights", lang): grid.values},
            grid=grid.levels,
            grid_label=t_text("quant.grid", lang, scale=grid.scale),
            bins=120,
            title=t_text("quant.hist_title", lang, layer=layer),
            x_label=t("prune.weight_value", lang),
            y_label=t("chart.count", lang),
        ),
        key="compress_quant_hist",
    )
    st.caption(
        t("quant.grid_caption", lang, scale=grid.scale, zp=grid.zero_point, levels=len(grid.levels))
    )


def _channel_input(ctx: PageContext, column, channels: int) -> int:
    """The output channel whose own int8 scale is shown (a link's value is clamped)."""
    key = ctx.settings.key("quant_channel")
    st.session_state[key] = min(int(st.session_state[key]), channels - 1)
    value = st.session_state[key]
    label = t("quant.channel", ctx.lang)
    return int(column.number_input(label, 0, channels - 1, value=value, key=key))


def _cpu_panel(ctx: PageContext, features: CpuFeatures) -> None:
    flags = {
        "AVX2": features.avx2,
        "AVX-512": features.avx512,
        "AVX512-VNNI": features.avx512_vnni,
        "AVX-VNNI": features.avx_vnni,
        "AMX": features.amx,
        "FP16": features.fp16_native,
        "BF16": features.bf16_native,
    }
    with st.expander(t("quant.cpu_title", ctx.lang, cpu=features.model_name or "CPU")):
        st.markdown(" · ".join(f"{'✅' if on else '❌'} {name}" for name, on in flags.items()))
        st.caption(t("quant.cpu_caption", ctx.lang, capability=features.capability))


def render(ctx: PageContext) -> None:
    """The whole quantization section."""
    lang = ctx.lang
    settings = _controls(ctx)
    applies = model_applicability(ctx.spec.name).quantization[settings.method]
    if not applies:
        label = t_text(f"quant.method.{settings.method}", lang)
        st.info(reason_text(applies, lang, label), icon="ℹ️")
        return
    if settings.keep_fp32:
        st.caption(t("quant.kept", lang, layers=", ".join(settings.keep_fp32)))
    result = live(quantized, ctx.spec.name, settings, lang=lang, slot="compress_variant")
    if result is None:
        return
    label = variant_label("quantize", settings, lang)
    st.header(t("cmp.title", lang))
    recipes = (("quantize", settings),)
    comparison = live_comparison(ctx.spec.name, recipes, ctx.threads, lang, slot="compress_cmp")
    if comparison is None:
        return
    render_comparison(comparison, [t("cmp.original", lang), label], lang)
    st.caption(t("quant.library", lang, library=result.library))
    st.caption(t("quant.flops_note", lang))
    features = cpu_features()  # this machine, or the fake CPU that MODELLENS_CPUINFO names
    if comparison.timed:
        orig, var = comparison.rows
        ratio = var.latency_ms / orig.latency_ms
        for key in speed_verdict(settings.method, ctx.spec, ratio, features):  # never empty
            st.info(t(key, lang, ratio=ratio), icon="💡")
    for note in result.notes:
        st.caption("ℹ️ " + t(note, lang))
    keep_variant_button(ctx, "quantize", settings)
    _cpu_panel(ctx, features)

    left, right = st.columns(2)
    with left:
        errors = _error_chart(ctx, settings)
    with right:  # sections: the layer and channel pickers, the "disagreements first" box
        section("grid", ctx.settings, _grid_histogram, ctx, settings, list(errors["name"]))
    st.header(t("cmp.side_by_side", lang))
    recipe = ("quantize", settings)
    section("pairs", ctx.settings, side_by_side, ctx, label, "quant", recipe)
