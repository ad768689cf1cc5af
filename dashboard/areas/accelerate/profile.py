"""Operator profile: where one forward pass spends its time, operator by operator, for the
original on each chosen backend and for each compressed variant (eager), side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t, t_text
from components.profiling import FAMILY_ORDER, OperatorProfile, ProfileSettings, family_chart
from dashboard.areas.accelerate.backends import memory_ok
from dashboard.areas.accelerate.cache import ORIGINAL, operator_profile
from dashboard.areas.accelerate.compressed import variants
from dashboard.areas.accelerate.controls import Controls, backend_label, backend_picker, sizes
from dashboard.areas.accelerate.prepare import prepare_all
from dashboard.shared.variants import Recipe
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart, show_table

TOP_OPERATORS = 25  # rows of the operator table (the rest add little)


def family_names(lang: str) -> dict[str, str]:
    return {f: t_text(f"profile.family.{f}", lang) for f in FAMILY_ORDER}


def _subjects(ctx: PageContext, backends: tuple[str, ...]) -> list[tuple[str, Recipe, str]]:
    """(label, variant, backend): the original on every backend, then each variant on eager."""
    lang = ctx.lang
    original = t_text("cmp.original", lang)
    chosen = [(f"{original} · {backend_label(b, lang)}", ORIGINAL, b) for b in backends]
    if ctx.settings["pvariants"]:
        chosen += [(label, recipe, "eager") for label, recipe in variants(ctx)[1:]]
    return chosen


def _controls(ctx: PageContext) -> tuple[tuple[str, ...], Controls, int]:
    s, lang = ctx.settings, ctx.lang
    backends = backend_picker(ctx)
    c = sizes(ctx)
    left, right = st.columns([2, 1])
    steps = left.slider(
        t("profile.steps", lang),
        *ProfileSettings.STEPS_RANGE,
        value=s["psteps"],
        key=s.key("psteps"),
        help=t("profile.steps_help", lang),
    )
    right.toggle(t("profile.with_variants", lang), value=s["pvariants"], key=s.key("pvariants"))
    return backends, c, int(steps)


def render(ctx: PageContext) -> None:
    lang, name = ctx.lang, ctx.spec.name
    backends, c, steps = _controls(ctx)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    found: list[tuple[str, OperatorProfile]] = []
    entries = []
    for index, (label, variant, backend) in enumerate(_subjects(ctx, backends)):
        slot = f"accelerate_profile_{index}"
        if backend not in prepare_all(ctx, (backend,), c.seq_len, variant, slot=f"{slot}_prep"):
            continue
        args = (name, backend, c.batch, c.threads, c.seq_len, steps, variant)
        profile = live(operator_profile, *args, lang=lang, slot=slot, about=label)
        if profile is not None:
            found.append((label, profile))
            entries.append(operator_profile.entry(*args))
    if not found:
        return
    _charts(ctx, found, c)
    _how_measured(ctx, found)
    measured_note(lang, entries, key="accelerate_profile_remeasure")
    _details(ctx, found)


def _charts(ctx: PageContext, found: list[tuple[str, OperatorProfile]], c: Controls) -> None:
    lang = ctx.lang
    as_ms = st.toggle(t("profile.as_ms", lang), key="accelerate_profile_ms")
    show_chart(
        family_chart(
            found,
            family_names=family_names(lang),
            ms=as_ms,
            title=t_text("profile.chart", lang, batch=c.batch, threads=c.threads),
            x_label=t_text("profile.axis.ms" if as_ms else "profile.axis.share", lang),
        ),
        key="accelerate_profile_chart",
    )
    rows = []
    names = family_names(lang)
    for label, profile in found:
        for _, row in profile.families().iterrows():
            rows.append(
                {
                    t("profile.col.subject", lang): label,
                    t("profile.col.family", lang): names[row["family"]],
                    t("profile.col.share", lang): row["share"],
                    t("profile.col.ms", lang): row["self_ms"],
                    t("profile.col.calls", lang): row["calls"],
                    t("profile.col.mean_us", lang): row["mean_us"],
                    t("profile.col.distorted", lang): "⚠️" if row["distorted"] else "",
                }
            )
    show_table(
        pd.DataFrame(rows).round(4),
        title=t("profile.families_title", lang),
        csv="accelerate_profile_families",
        hide_index=True,
        column_config={
            t("profile.col.share", lang): st.column_config.NumberColumn(format="percent")
        },
    )


def _how_measured(ctx: PageContext, found: list[tuple[str, OperatorProfile]]) -> None:
    """Steps, threads, batch and the profiler's measured cost, for every profile."""
    lang = ctx.lang
    for label, p in found:
        st.caption(
            t(
                "profile.measured",
                lang,
                subject=label,
                profiler=p.profiler,
                steps=p.steps,
                threads=p.threads,
                batch=p.batch,
                profiled=p.profiled_ms,
                plain=p.unprofiled_ms,
                overhead=p.overhead,
                per_call=p.overhead_per_call_us,
                coverage=p.coverage,
            )
        )
        distorted = p.families().query("distorted")["family"].tolist()
        if distorted:
            names = ", ".join(family_names(lang)[f] for f in distorted)
            st.caption("⚠️ " + t("profile.distorted", lang, subject=label, families=names))
        for note in p.notes:
            st.caption("ℹ️ " + t(note, lang))


def _details(ctx: PageContext, found: list[tuple[str, OperatorProfile]]) -> None:
    """One profile's operators, modules and trace."""
    lang = ctx.lang
    st.header(t("profile.details", lang))
    index = st.selectbox(
        t("profile.subject", lang),
        range(len(found)),
        format_func=lambda i: found[i][0],
        key="accelerate_profile_subject",
    )
    label, p = found[min(index, len(found) - 1)]
    names = family_names(lang)
    ops = p.operators.head(TOP_OPERATORS).assign(family=lambda f: f["family"].map(names))
    show_table(
        ops.rename(columns={c: t(f"profile.op.{c}", lang) for c in ops.columns}).round(4),
        title=t("profile.operators_title", lang, subject=label),
        csv="accelerate_profile_operators",
        hide_index=True,
        column_config={
            t("profile.op.share", lang): st.column_config.NumberColumn(format="percent")
        },
    )
    if p.modules is not None:
        mods = p.modules.head(TOP_OPERATORS)
        show_table(
            mods.rename(columns={c: t(f"profile.mod.{c}", lang) for c in mods.columns}).round(4),
            title=t("profile.modules_title", lang, subject=label),
            hide_index=True,
            column_config={
                t("profile.mod.share", lang): st.column_config.NumberColumn(format="percent")
            },
        )
    else:
        st.caption(t("profile.no_modules", lang, profiler=p.profiler))
    if p.trace:
        st.download_button(
            t("profile.trace", lang),
            p.trace,
            file_name=f"modellens_{ctx.spec.name}_{p.backend}_trace.json",
            mime="application/json",
            key="accelerate_profile_trace",
            icon="📥",
            help=t("profile.trace_help", lang),
        )
