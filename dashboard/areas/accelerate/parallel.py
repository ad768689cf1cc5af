"""Parallel view: model parallel, pipeline parallel (GPipe, 1F1B, interleaved 1F1B) and data
parallel, each run on real local processes, with the stage split and its balance visible."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.figures import layer_bar_chart, legend_below, line_chart
from components.i18n import Markdown, t, t_text
from components.parallel import (
    SCHEDULES,
    check_pipeline,
    default_split,
    sequential_layers,
    stage_table,
)
from components.parallel.bubbles import IdealPipeline, bubble_curves, ideal_pipeline
from components.parallel.charts import schedule_chart, time_breakdown_chart
from components.result_cache import CachedCall
from dashboard.areas.accelerate.cache import data_parallel_run, model_parallel_run, pipeline_run
from dashboard.areas.accelerate.params import PARALLEL_MODES
from dashboard.shell.errors import attempt
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.measured import measured_note, remeasuring
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import among
from dashboard.shell.report import show_chart, show_table

PARALLEL_BATCHES = (8, 16, 32, 64, 128, 256, 512)
MEASURED_KEY = "accelerate_measured_bubbles"  # session: (config) → {micro-batches: bubble}
Metric = tuple[str, str, str | None]  # label, value, delta (None: none)
Summary = tuple[tuple[Metric, ...], bool, dict[str, float]]  # metrics, matches, diffs


def _words(lang: str) -> dict[str, str]:
    keys = ("forward", "backward", "send", "recv", "idle", "rank", "stage", "microbatch")
    return {k: t(f"parallel.word.{k}", lang) for k in keys}


def _snap(key: str) -> None:
    value = st.session_state[key]
    if value not in PARALLEL_BATCHES:
        st.session_state[key] = max([b for b in PARALLEL_BATCHES if b <= value] or [8])


def render(ctx: PageContext) -> None:
    lang, s = ctx.lang, ctx.settings
    mode = st.radio(
        t("parallel.mode", lang),
        PARALLEL_MODES,
        index=s.index("pmode", PARALLEL_MODES),
        format_func=lambda m: t(f"parallel.mode.{m}", lang),
        key=s.key("pmode"),
        horizontal=True,
    )
    st.caption(t(f"parallel.mode.{mode}.when", lang))
    layers = attempt(lang, lambda: sequential_layers(ctx.model, ctx.spec), level="info")
    if layers is None:
        return
    if mode == "data":
        _data_parallel(ctx)
        return
    c1, c2, c3, c4 = st.columns(4)
    processes = c1.slider(
        t("parallel.processes", lang), 2, 4, value=s["stages"], key=s.key("stages")
    )
    schedule = "gpipe"
    micro = 1
    if mode == "pipeline":
        schedules = list(SCHEDULES)
        schedule = c2.selectbox(
            t("parallel.schedule", lang),
            schedules,
            index=s.index("schedule", schedules),
            format_func=lambda k: t(SCHEDULES[k].label_key, lang),
            key=s.key("schedule"),
        )
        micro = c3.slider(t("parallel.micro", lang), 1, 16, value=s["micro"], key=s.key("micro"))
    _snap(s.key("pbatch"))
    batch = c4.select_slider(
        t("parallel.batch", lang), PARALLEL_BATCHES, value=s["pbatch"], key=s.key("pbatch")
    )
    n_stages = processes * SCHEDULES[schedule].stages_per_rank
    if n_stages > len(layers):
        st.warning(t("parallel.too_many_stages", lang, stages=n_stages, layers=len(layers)))
        return
    split = _split_picker(ctx, [name for name, _ in layers], n_stages)
    table = stage_table(ctx.model, ctx.spec, split)
    _stage_balance(table, lang)
    if mode == "model":
        _model_parallel(ctx, split, batch)
    else:
        _pipeline(ctx, split, schedule, micro, batch, processes, len(layers))


def _split_picker(ctx: PageContext, names: list[str], n_stages: int) -> list[int]:
    """Split points from the URL/widget (first layer of every stage after the first), or a
    FLOPs-balanced default when the picked count does not match the number of stages."""
    lang, s = ctx.lang, ctx.settings
    key = s.key("splits")
    options = names[1:]
    st.session_state[key] = tuple(n for n in st.session_state[key] if n in options)
    picked = st.multiselect(
        t("parallel.splits", lang, n=n_stages - 1),
        options,
        default=among(st.session_state[key], options),
        key=key,
        max_selections=n_stages - 1,
        placeholder=t("parallel.splits_placeholder", lang),
        help=t("parallel.splits_help", lang),
    )
    if len(picked) == n_stages - 1:
        return sorted(names.index(n) for n in picked)
    split = default_split(ctx.model, n_stages, ctx.spec)
    st.caption(
        t("parallel.default_split", lang, layers=", ".join(names[i] for i in split), n=n_stages)
    )
    return split


def _stage_balance(table, lang: str) -> None:
    labels = [
        f"{t('parallel.word.stage', lang)} {i}: {layers}"
        for i, layers in zip(table["stage"], table["layers"], strict=True)
    ]
    left, right = st.columns(2)
    show_chart(
        layer_bar_chart(
            labels,
            {
                t("parallel.flops_share", lang): table["flops_share"].tolist(),
                t("parallel.params_share", lang): (
                    table["params"] / table["params"].sum()
                ).tolist(),
            },
            title=t("parallel.balance", lang),
            percent=True,
        ),
        where=left,
        key="accelerate_parallel_balance",
    )
    show_table(
        table[["stage", "layers", "params", "flops_per_sample", "sent_bytes_per_sample"]].rename(
            columns={c: t(f"parallel.col.{c}", lang) for c in table.columns}
        ),
        where=right,
        title=t("parallel.balance", lang),
        csv="accelerate_parallel_stages",
        hide_index=True,
    )
    right.caption(t("parallel.balance_caption", lang))


def _run_button(ctx: PageContext, cached: bool, key: str) -> bool:
    """Whether to show the run: cached, just re-measured (its note's button, ``<key>_again``)
    or asked for by this button."""
    if cached or remeasuring(f"{key}_again"):
        return True
    return st.button(t("parallel.run", ctx.lang), key=key, icon="▶️", type="primary")


def _shown_run(
    ctx: PageContext,
    run: CachedCall,
    args: tuple,
    key: str,
    summary: Callable[[object], Summary],
    before_run: Callable[[], None] = lambda: None,
):
    """The result of ``run(model, *args)`` when it is cached, re-measured or asked for by the
    button ``key``, shown as ``summary(result)``'s metrics, its agreement with one process and
    when it was measured; else ``before_run()`` and a prompt to press the button. None then,
    and after a failure it showed."""
    lang = ctx.lang
    if not _run_button(ctx, shown_on_request(run, ctx.spec.name, *args), key):
        before_run()
        st.caption(t("parallel.press_run", lang))
        return None
    result = live(run, ctx.spec.name, *args, lang=lang, slot="accelerate_parallel")
    if result is None:
        return None
    metrics, matches, diffs = summary(result)
    _metric_row(*metrics)
    _agreement(lang, matches, **diffs)
    # When and under what load the run was measured, and its "Re-measure" button.
    measured_note(lang, [run.entry(ctx.spec.name, *args)], key=f"{key}_again")
    return result


def _pipeline(ctx, split, schedule, micro, batch, processes, n_layers) -> None:
    lang = ctx.lang
    if attempt(lang, lambda: check_pipeline(n_layers, split, schedule, micro, batch)) is None:
        return
    ideal = ideal_pipeline(schedule, processes, micro)
    result = _shown_run(
        ctx,
        pipeline_run,
        (tuple(split), schedule, micro, batch),
        "parallel_run_pp",
        lambda result: _pipeline_summary(lang, result, schedule, ideal),
        before_run=lambda: _ideal_only(lang, schedule, processes, micro, ideal),
    )
    if result is None:
        return
    config = (ctx.spec.name, tuple(split), schedule, batch)
    measured = st.session_state.setdefault(MEASURED_KEY, {})
    measured.setdefault(config, {})[micro] = result.bubble
    _pipeline_schedules(lang, result, schedule, processes, micro, ideal)
    _pipeline_breakdown(lang, result, schedule, processes, measured[config])


def _ideal_chart(lang: str, ideal: IdealPipeline, where, key: str) -> None:
    show_chart(
        schedule_chart(
            ideal.events,
            labels=_words(lang),
            time_label=t("parallel.slots", lang),
            time_scale=1,
            title=t_text("parallel.ideal", lang, bubble=ideal.bubble),
        ),
        where=where,
        key=key,
    )


def _ideal_only(lang: str, schedule, processes, micro, ideal: IdealPipeline) -> None:
    """Before a run: the ideal schedule alone, and the formula's caveat."""
    _ideal_chart(lang, ideal, None, "accelerate_parallel_ideal_only")
    _formula_note(lang, schedule, processes, micro, ideal)


def _pipeline_summary(lang: str, result, schedule: str, ideal: IdealPipeline) -> Summary:
    metrics = (
        (t("parallel.step", lang), f"{result.step_s * 1e3:.1f} ms", None),
        (
            t("parallel.bubble", lang),
            f"{result.bubble:.0%}",
            t(
                "parallel.bubble_formula",
                lang,
                ideal=ideal.bubble,
                expr=_formula_expr(schedule, lang),
                formula=ideal.formula,
            ),
        ),
        (
            t("parallel.loss", lang),
            f"{result.loss:.4f}",
            t("parallel.loss_diff", lang, diff=result.loss_diff),
        ),
        (
            t("parallel.startup", lang),
            f"{result.startup_s:.1f} s",
            t("parallel.total", lang, seconds=result.wall_s),
        ),
    )
    diffs = {"grads": result.grad_max_diff, "output": result.output_max_diff}
    return metrics, result.matches, diffs


def _pipeline_schedules(lang, result, schedule, processes, micro, ideal: IdealPipeline) -> None:
    """The measured schedule beside the ideal one."""
    left, right = st.columns(2)
    show_chart(
        schedule_chart(
            result.events,
            labels=_words(lang),
            title=t_text("parallel.measured", lang, bubble=result.bubble),
        ),
        where=left,
        key="accelerate_parallel_measured",
    )
    _ideal_chart(lang, ideal, right, "accelerate_parallel_ideal")
    _formula_note(lang, schedule, processes, micro, ideal)


def _pipeline_breakdown(lang, result, schedule, processes, points: dict[int, float]) -> None:
    """Where each rank's time went, and the bubble over micro-batch counts."""
    left, right = st.columns(2)
    show_chart(
        time_breakdown_chart(
            result.rank_times,
            {
                "compute_s": t("parallel.compute", lang),
                "p2p_s": t("parallel.p2p", lang),
                "overhead_s": t("parallel.overhead", lang),
            },
            row_column="rank",
            row_label=_words(lang)["rank"],
            title=t("parallel.where_time", lang),
        ),
        where=left,
        key="accelerate_parallel_breakdown",
    )
    show_chart(
        _bubble_curve(lang, schedule, processes, list(range(1, 17)), points),
        where=right,
        key="accelerate_parallel_bubble_curve",
    )
    st.caption(t("parallel.bubble_caption", lang, expr=_formula_expr(schedule, lang)))


def _formula_expr(schedule: str, lang: str) -> Markdown:
    """The formula's text: (p−1)/(m+p−1), or (p−1)/(2m+p−1) for interleaved 1F1B (v = 2)."""
    v = SCHEDULES[schedule].stages_per_rank
    return t("parallel.formula_expr", lang) if v == 1 else t("parallel.formula_expr_v", lang, v=v)


def _formula_note(lang, schedule, processes, micro, ideal: IdealPipeline) -> None:
    """Say so beside the charts when the formula is not the ideal schedule's bubble."""
    if not ideal.formula_applies:
        st.info(
            t(
                "parallel.formula_not_applicable",
                lang,
                expr=_formula_expr(schedule, lang),
                m=micro,
                p=processes,
                ideal=ideal.bubble,
                formula=ideal.formula,
            ),
            icon="ℹ️",
        )


def _bubble_curve(lang, schedule, processes, ms, points):
    formula_name = t_text("parallel.formula", lang, expr=_formula_expr(schedule, lang))
    measured_name = t_text("parallel.measured_points", lang)
    names = {
        "formula": formula_name,
        "ideal": t_text("parallel.ideal_points", lang),
        "measured": measured_name,
    }
    curves = bubble_curves(schedule, processes, ms, points)
    fig = line_chart(
        ms,
        {names[k]: values for k, values in curves.items()},
        title=t_text("parallel.bubble_vs_m", lang),
        x_label=t_text("parallel.micro", lang),
        y_percent=True,
        dashed=(formula_name,),
    )
    fig.update_traces(selector={"name": measured_name}, mode="markers")
    return legend_below(fig)


def _metric_row(*metrics: tuple[str, str, str | None]) -> None:
    """(label, value, delta) in one row; a delta here is context (a reference value, a total),
    never good or bad, so it is never coloured."""
    for column, (label, value, delta) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value, delta, delta_color="off")


def _agreement(lang: str, matches: bool, **diffs: float) -> None:
    """``diffs``: keys of ``parallel.diff.*`` (output, grads, sync, weights) → max |Δ|."""
    text = t_text("parallel.diff_sep", lang).join(
        f"{t_text(f'parallel.diff.{k}', lang)} {v:.1e}" for k, v in diffs.items()
    )
    if matches:
        st.success(t("parallel.matches", lang, diffs=text), icon="✅")
    else:
        st.error(t("parallel.differs", lang, diffs=text), icon="❌")


def _model_parallel(ctx, split, batch) -> None:
    lang = ctx.lang
    result = _shown_run(
        ctx,
        model_parallel_run,
        (tuple(split), batch),
        "parallel_run_mp",
        lambda result: _model_parallel_summary(lang, result),
    )
    if result is None:
        return
    words = _words(lang)
    left, right = st.columns(2)
    show_chart(
        time_breakdown_chart(
            result.stage_times,
            {
                "compute_s": t("parallel.compute", lang),
                "send_s": words["send"],
                "recv_s": words["recv"],
                "wait_s": t("parallel.wait", lang),
            },
            row_label=words["stage"],
            title=t("parallel.where_time", lang),
        ),
        where=left,
        key="accelerate_mp_breakdown",
    )
    show_chart(
        schedule_chart(result.events, labels=words, title=t("parallel.mp_timeline", lang)),
        where=right,
        key="accelerate_mp_timeline",
    )
    st.caption(t("parallel.mp_caption", lang))


def _model_parallel_summary(lang: str, result) -> Summary:
    metrics = (
        (
            t("parallel.pass", lang),
            f"{result.pass_s * 1e3:.2f} ms",
            t("parallel.single", lang, ms=result.single_pass_s * 1e3),
        ),
        (t("parallel.startup", lang), f"{result.startup_s:.1f} s", None),
        (t("parallel.max_diff", lang), f"{result.max_abs_diff:.1e}", None),
    )
    return metrics, result.matches, {"output": result.max_abs_diff}


def _data_parallel(ctx: PageContext) -> None:
    lang, s = ctx.lang, ctx.settings
    _snap(s.key("pbatch"))
    batch = st.select_slider(
        t("parallel.batch", lang), PARALLEL_BATCHES, value=s["pbatch"], key=s.key("pbatch")
    )
    result = _shown_run(
        ctx,
        data_parallel_run,
        (batch,),
        "parallel_run_dp",
        lambda result: _data_parallel_summary(lang, result),
    )
    if result is None:
        return
    steps = result.steps
    show_chart(
        line_chart(
            steps["step"].tolist(),
            {
                t("parallel.dp_step", lang): (steps["step_s"] * 1e3).tolist(),
                t("parallel.allreduce", lang): (steps["allreduce_s"] * 1e3).tolist(),
            },
            title=t_text("parallel.dp_chart", lang, world=result.world_size, batch=batch),
            x_label=t_text("parallel.step_no", lang),
            y_label="ms",
        ),
        key="accelerate_dp_steps",
    )
    st.caption(t("parallel.dp_caption", lang, world=result.world_size, half=batch // 2))


def _data_parallel_summary(lang: str, result) -> Summary:
    metrics = (
        (
            t("parallel.dp_step", lang),
            f"{result.step_s * 1e3:.1f} ms",
            t("parallel.single", lang, ms=result.single_step_s * 1e3),
        ),
        (t("parallel.allreduce", lang), f"{result.allreduce_s * 1e3:.1f} ms", None),
        (t("parallel.grad_sync", lang), f"{result.grad_sync_max_diff:.1e}", None),
    )
    diffs = {
        "sync": result.grad_sync_max_diff,
        "grads": result.grad_max_diff,
        "weights": result.param_max_diff,
    }
    return metrics, result.in_sync and result.matches, diffs
