"""Concepts: does the model use the ideas a person would (thick strokes, slant, a loop)? TCAV
scores per concept and layer with their significance test, original vs a pruned variant."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.explain.concept_figures import tcav_chart
from components.explain.concepts import (
    CONCEPTS,
    ConceptScore,
    TcavSettings,
    concept_examples,
    concept_layers,
    default_layers,
)
from components.explain.inputs import ImageCase
from components.figures import image_grid
from components.i18n import t, t_text
from components.images import display_images
from components.pruning import PruneSettings
from dashboard.areas.explain.cache import concept_test
from dashboard.areas.explain.influence import variant_label
from dashboard.areas.explain.pruned_picker import pruned_settings
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import among
from dashboard.shell.report import show_chart, show_table
from models.data import load_digits_split

PREVIEWS = 6  # examples of each concept shown above the chart


def concepts_apply(ctx: PageContext) -> bool:
    """Whether the concepts (made from the digits) fit the model's input; if not, says why."""
    if ctx.spec.load_data is not load_digits_split:
        st.info(t("explain.concepts.digits_only", ctx.lang), icon="ℹ️")
        return False
    return True


def _settings(ctx: PageContext) -> tuple[TcavSettings, PruneSettings | None]:
    """The controls: class, concepts, layers, runs and the variant to compare with."""
    s, lang = ctx.settings, ctx.lang
    layers = concept_layers(ctx.model)
    for key, options, fallback in (
        ("tcav_concepts", list(CONCEPTS), TcavSettings.concepts),
        ("tcav_layers", layers, default_layers(ctx.model)),
    ):
        kept = tuple(v for v in st.session_state[s.key(key)] if v in options)
        st.session_state[s.key(key)] = kept or tuple(fallback)
    c1, c2, c3, c4 = st.columns([0.7, 1.6, 1.3, 1])
    classes, concept_names = range(10), list(CONCEPTS)
    target = c1.selectbox(
        t("explain.concepts.class", lang),
        classes,
        index=s.index("tcav_class", classes),
        key=s.key("tcav_class"),
    )
    concepts = c2.multiselect(
        t("explain.concepts.concepts", lang),
        concept_names,
        default=among(s["tcav_concepts"], concept_names),
        format_func=lambda c: t(CONCEPTS[c].label_key, lang),
        key=s.key("tcav_concepts"),
    )
    chosen_layers = c3.multiselect(
        t("explain.concepts.layers", lang),
        layers,
        default=among(s["tcav_layers"], layers),
        key=s.key("tcav_layers"),
    )
    runs = c4.slider(
        t("explain.concepts.runs", lang),
        *TcavSettings.RUNS_RANGE,
        value=s["tcav_runs"],
        key=s.key("tcav_runs"),
    )
    tcav = TcavSettings(
        target=int(target),
        concepts=tuple(concepts),
        layers=tuple(chosen_layers),
        runs=int(runs),
        seed=ctx.seed,
    )
    return tcav, _variant(ctx)


def _variant(ctx: PageContext) -> PruneSettings | None:
    """The pruned variant to compare the concepts with (None: no comparison)."""
    s, lang = ctx.settings, ctx.lang
    v1, v2, v3 = st.columns([1, 1, 1])
    compare = v1.toggle(
        t("explain.concepts.compare", lang), value=s["tcav_compare"], key=s.key("tcav_compare")
    )
    if not compare:
        return None
    return pruned_settings(ctx, v2, v3)


def _previews(ctx: PageContext, settings: TcavSettings) -> None:
    """A few examples of each chosen concept and of one random set: what the CAVs learn from."""
    data = ctx.spec.load_data()
    names = [*settings.concepts, "random0"]
    images, captions = [], []
    for name in names:
        x = concept_examples(data, name, settings.examples, settings.seed)[:PREVIEWS]
        label = (
            t_text("explain.concept.random", ctx.lang)
            if name == "random0"
            else t_text(CONCEPTS[name].label_key, ctx.lang)
        )
        images += list(display_images(data, x))
        captions += [label] + [""] * (len(x) - 1)
    show_chart(
        image_grid(
            images, captions, columns=PREVIEWS, title=t_text("explain.concepts.examples", ctx.lang)
        ),
        key="explain_concept_examples",
    )


def render(ctx: PageContext, case: ImageCase) -> None:
    del case  # TCAV explains a class over its test digits, not the one input on screen
    lang = ctx.lang
    if not concepts_apply(ctx):
        return
    settings, variant = _settings(ctx)
    if not settings.concepts or not settings.layers:
        st.info(t("explain.concepts.pick", lang), icon="👆")
        return
    st.caption(
        t(
            "explain.concepts.caption",
            lang,
            target=settings.target,
            runs=settings.runs,
            examples=settings.examples,
        )
    )
    _previews(ctx, settings)
    original = (ctx.spec, ctx.model, None, settings)
    compared = (ctx.spec, ctx.model, variant, settings)
    # Once either model's test ran or runs, the other follows without another click.
    asked = shown_on_request(concept_test, *original) or (
        variant is not None and shown_on_request(concept_test, *compared)
    )
    if not asked and not st.button(
        t("explain.concepts.run", lang), key="explain_tcav_run", icon="💡"
    ):
        return
    results: dict[str, list[ConceptScore]] = {}
    first = live(concept_test, *original, lang=lang, slot="explain_tcav")
    if first is None:
        return
    results[t_text("cmp.original", lang)] = first
    if variant is not None:
        second = live(concept_test, *compared, lang=lang, slot="explain_tcav_variant")
        if second is None:
            return
        results[variant_label(ctx, variant)] = second
    _show(ctx, settings, results)


def _show(ctx: PageContext, settings: TcavSettings, results: dict[str, list[ConceptScore]]) -> None:
    lang = ctx.lang
    labels = {c: t_text(CONCEPTS[c].label_key, lang) for c in CONCEPTS}
    show_chart(
        tcav_chart(
            results,
            labels,
            title=t_text("explain.concepts.title", lang, target=settings.target),
            y_label=t_text("explain.concepts.score", lang),
            chance_label=t_text("explain.concepts.chance", lang),
            not_significant=t_text("explain.concepts.ns_short", lang),
        ),
        key="explain_tcav_chart",
    )
    rows = [
        {
            t_text("explain.concepts.col.model", lang): model,
            t_text("explain.concepts.col.concept", lang): labels[r.concept],
            t_text("explain.concepts.col.layer", lang): r.layer,
            t_text("explain.concepts.col.score", lang): f"{r.mean:.2f} ± {r.std:.2f}",
            t_text(
                "explain.concepts.col.chance", lang
            ): f"{sum(r.random_scores) / len(r.random_scores):.2f}",
            "p": f"{r.p_value:.3g}",
            t_text("explain.concepts.col.significant", lang): t_text(
                "explain.concepts.yes" if r.significant else "explain.concepts.ns", lang
            ),
            t_text("explain.concepts.col.cav_acc", lang): f"{r.cav_accuracy:.2f}",
        }
        for model, scores in results.items()
        for r in scores
    ]
    show_table(
        pd.DataFrame(rows),
        title=t_text("explain.concepts.table", lang),
        hide_index=True,
        csv="explain_tcav",
    )
    st.caption(t("explain.concepts.reading", lang))
