"""What compression forgets (issue #18): per-class damage, forgotten examples, PIE,
representation drift and robustness of the original against every compressed variant.

The variants are the page's current pruning and quantization settings and the kept ones; one of
them is shown in detail, the layer and robustness charts show them all. Every number comes from
``dashboard.areas.compress.cache`` through :func:`live`, computed on private copies.
"""

from __future__ import annotations

import streamlit as st

from components.errors import UserFacingError
from components.figures import image_grid
from components.forgetting import AttackSettings, DriftSettings, NoiseSearch, PieSettings
from components.forgetting.figures import (
    adversarial_figure,
    cka_chart,
    class_damage_chart,
    confusion_figure,
    projection_chart,
    robustness_chart,
)
from components.i18n import t, t_text
from components.kept_variants import KeptVariant, Recipe, check_variant, variant_label
from components.pruning import PRUNE_METHODS, PruneSettings
from components.quantization import QuantSettings
from dashboard.areas.compress import cache
from dashboard.areas.compress.params import MAX_FORGET_EPSILON
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.figures import shared_figure
from dashboard.shared.kept_variants import usable_kept
from dashboard.shell.errors import show_error
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.pages import page_file
from dashboard.shell.report import show_chart

SHOWN = 8  # forgotten examples and PIE drawn with their pictures and Explain links
DRIFT = DriftSettings()  # 300 test digits, 30 per class, seed 0
PIE = PieSettings()  # 5 copies pruned at random to 30 %, seeds 0–4
NOISE = NoiseSearch()
# FGSM needs one gradient per model: the whole test split. PGD needs steps × ε of them.
ATTACK_EXAMPLES = {"fgsm": 450, "pgd": 150}
PGD_STEPS = 10


def render(ctx: PageContext) -> None:
    """The whole "what it forgets" section."""
    lang = ctx.lang
    st.caption(t("forget.intro", lang, model=ctx.spec.title))
    options = _variants(ctx)
    if not options:
        st.info(t("forget.no_variant", lang), icon="ℹ️")
        return
    st.caption(t("forget.variants", lang, n=len(options)))
    recipe, label = options[_pick_variant(ctx, options)]
    applies = cache.forgetting_applies(ctx.spec.name)
    st.session_state["_compress_forget_run"] = st.session_state.get("_compress_forget_run", 0) + 1
    _per_class(ctx, applies, recipe, label)
    _pie(ctx, applies)
    _drift(ctx, applies, options)
    _projection(ctx, applies, recipe, label)
    _robustness(ctx, applies, options, recipe, label)


# --- which variants -------------------------------------------------------------------------


def _prune_recipe(ctx: PageContext) -> PruneSettings:
    """The pruning section's settings from the same URL values (``pruning._controls``)."""
    s = ctx.settings
    method, layers = s["method"], s["layers"] or "all"
    finetuning = model_applicability(ctx.spec.name).finetuning
    return PruneSettings(
        method=method,
        amount=float(s["amount"]),
        scope=s["scope"] if PRUNE_METHODS[method].supports_global else "layer",
        layers=layers,
        picked=tuple(s["picked"]) if layers == "pick" else (),
        finetune_epochs=int(s["finetune"]) if finetuning.ok else 0,
        seed=ctx.seed,
    )


def _quant_recipe(ctx: PageContext) -> QuantSettings:
    """The quantization section's settings from the same URL values (``quantization._controls``)."""
    s = ctx.settings
    method = s["qmethod"]
    is_int8 = method.endswith("int8")
    keep = cache.most_sensitive_layers(ctx.spec.name, int(s["keep"])) if is_int8 else []
    return QuantSettings(
        method=method,
        per_channel=bool(s["per_channel"]),
        calibration_batches=int(s["calib"]),
        keep_fp32=tuple(keep),
    )


def _applies(ctx: PageContext, recipe: Recipe) -> bool:
    kind, settings = recipe
    try:
        check_variant(ctx.model, ctx.spec, KeptVariant(ctx.spec.name, kind, settings))
    except UserFacingError as err:
        show_error(err, ctx.lang, about=variant_label(kind, settings, ctx.lang))
        return False
    return True


def _variants(ctx: PageContext) -> list[tuple[Recipe, str]]:
    """The current pruned and quantized variants that apply, then the kept ones (no repeats)."""
    current = [("prune", _prune_recipe(ctx)), ("quantize", _quant_recipe(ctx))]
    recipes = [recipe for recipe in current if _applies(ctx, recipe)]
    recipes += [v.recipe for v in usable_kept(ctx) if v.recipe not in recipes]
    return [(recipe, variant_label(*recipe, ctx.lang)) for recipe in recipes]


def _pick_variant(ctx: PageContext, options: list[tuple[Recipe, str]]) -> int:
    key = ctx.settings.key("fvariant")
    st.session_state[key] = min(int(st.session_state[key]), len(options) - 1)
    return st.selectbox(
        t("forget.variant", ctx.lang),
        range(len(options)),
        index=st.session_state[key],
        format_func=lambda i: options[i][1],
        key=key,
    )


def _not_applicable(cap, lang: str) -> bool:
    """Draw why a part does not apply (a reason already given above: a short note); True when
    it does not."""
    if cap:
        return False
    text = reason_text(cap, lang)
    said = st.session_state.setdefault("_compress_forget_said", {})
    if said.get(text) == _run_id():
        st.caption("ℹ️ " + t("forget.reason.same", lang))
    else:
        st.info(text, icon="ℹ️")
        said[text] = _run_id()
    return True


def _run_id() -> int:
    """A number that changes with every run of the page (reasons are said once per run)."""
    return int(st.session_state.get("_compress_forget_run", 0))


def _explain_link(ctx: PageContext, index: int, where=None) -> None:
    """A link to the Explain page on test digit ``index`` of this model."""
    (where or st).page_link(
        page_file("explain"),
        label=t("forget.explain_link", ctx.lang, index=index),
        icon="🔍",
        query_params={"model": ctx.spec.name, "source": "test", "index": str(index)},
    )


# --- 1. per-class damage --------------------------------------------------------------------


def _per_class(ctx: PageContext, applies, recipe: Recipe, label: str) -> None:
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("forget.section.per_class", lang))
    if applies.paraphrase:
        _paraphrase(ctx, recipe, label)
    if _not_applicable(applies.per_class, lang):
        return
    result = live(cache.forgetting, name, recipe, lang=lang, slot="compress_forget_damage")
    if result is None:
        return
    damage, forgotten = result
    st.caption(
        t(
            "forget.per_class.caption",
            lang,
            n=int(damage.counts.sum()),
            original=damage.original_accuracy,
            variant=damage.variant_accuracy,
        )
    )
    key = (name, recipe, lang)
    show_chart(
        shared_figure(("forget_damage", *key), lambda: _damage_figure(damage, label, lang)),
        key="compress_forget_damage_chart",
    )
    show_chart(
        shared_figure(("forget_confusion", *key), lambda: _confusion_figure(damage, label, lang)),
        key="compress_forget_confusion_chart",
    )
    st.caption(t("forget.confusion.caption", lang))
    _forgotten(ctx, forgotten, damage.class_names)


def _damage_figure(damage, label: str, lang: str):
    return class_damage_chart(
        damage,
        title=t_text("forget.per_class.chart_title", lang, variant=label),
        x_label=t_text("forget.per_class.axis_x", lang),
        y_label=t_text("forget.per_class.axis_y", lang),
        lost_label=t_text("forget.per_class.lost", lang),
        gained_label=t_text("forget.per_class.gained", lang),
        unchanged_label=t_text("forget.per_class.unchanged", lang),
    )


def _confusion_figure(damage, label: str, lang: str):
    """The three panels titled short (the chart's title names the variant); the row labels once,
    on the first panel, so that the count scale between the second and third has room."""
    short = t_text("forget.variant_short", lang)
    fig = confusion_figure(
        damage,
        titles=(
            t_text("forget.confusion.original", lang),
            t_text("forget.confusion.variant", lang, variant=short),
            t_text("forget.confusion.difference", lang, variant=short),
        ),
        x_label=t_text("forget.confusion.axis_predicted", lang),
        y_label=t_text("forget.confusion.axis_true", lang),
        count_label=t_text("forget.confusion.counts", lang),
        difference_label=t_text("forget.confusion.difference_counts", lang),
        title=t_text("forget.confusion.title", lang, variant=label),
    )
    return fig.update_yaxes(showticklabels=False, col=3)


def _paraphrase(ctx: PageContext, recipe: Recipe, label: str) -> None:
    """The paraphrase pairs a sentence-encoder variant now ranks wrong."""
    lang = ctx.lang
    st.markdown("**" + t("forget.section.paraphrase", lang) + "**")
    damage = live(cache.paraphrases, ctx.spec.name, recipe, lang=lang, slot="compress_forget_para")
    if damage is None:
        return
    values = {"variant_name": label, "original": damage.original_top1}
    st.caption(
        t(
            "forget.para.caption",
            lang,
            n=damage.total,
            variant=damage.variant_top1,
            fixed=damage.fixed,
            **values,
        )
    )
    if not damage.broken:
        st.success(t("forget.para.none", lang, variant_name=label), icon="✅")
    for pair in damage.broken[:SHOWN]:
        st.markdown(
            "- "
            + t(
                "forget.para.item",
                lang,
                first=pair.first,
                partner=pair.partner,
                chosen=pair.chosen,
                rank=pair.variant_rank,
                before=pair.original_cosine,
                after=pair.variant_cosine,
            )
        )


# --- 2. forgotten examples and PIE ----------------------------------------------------------


def _forgotten(ctx: PageContext, forgotten, class_names) -> None:
    lang = ctx.lang
    st.header(t("forget.section.forgotten", lang))
    if not len(forgotten):
        st.success(t("forget.forgotten.none", lang), icon="✅")
        return
    values = {"n": len(forgotten), "total": forgotten.total, "learned": forgotten.learned}
    st.caption(t("forget.forgotten.caption", lang, **values))
    rows = range(min(SHOWN, len(forgotten)))
    indices = [forgotten.indices[i] for i in rows]
    predicted = [class_names[forgotten.variant[i]] for i in rows]
    title = t_text("forget.pictures.forgotten", lang, n=len(indices))
    truth = [class_names[forgotten.true[i]] for i in rows]
    _pictures(ctx, indices, truth, predicted, title, "compress_forget_forgotten_pictures")
    for i in rows:
        text = t(
            "forget.forgotten.item",
            lang,
            true=class_names[forgotten.true[i]],
            original=class_names[forgotten.original[i]],
            p_original=forgotten.original_p_true[i],
            variant=class_names[forgotten.variant[i]],
            p_variant=forgotten.variant_p_true[i],
        )
        _item(ctx, forgotten.indices[i], text)


def _item(ctx: PageContext, index: int, text: str) -> None:
    """One listed example: its text and a link to Explain on it."""
    left, right = st.columns([4, 1])
    left.markdown(f"**#{index}** · {text}")
    _explain_link(ctx, index, right)


def _pictures(ctx: PageContext, indices, before, after, title: str, key: str) -> None:
    """The test inputs at ``indices`` captioned "#index: before → after" (images only)."""
    if not model_applicability(ctx.spec.name).images:
        return
    images = cache.test_pictures(ctx.spec.name, tuple(indices))
    captions = [
        t_text("forget.picture", ctx.lang, index=i, true=b, predicted=a)
        for i, b, a in zip(indices, before, after, strict=True)
    ]
    fig = image_grid(images, captions, columns=min(SHOWN, len(images)), title=title)
    show_chart(fig, key=key)


def _pie(ctx: PageContext, applies) -> None:
    """Pruning-identified exemplars, found on request (several pruned copies)."""
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("forget.section.pie", lang))
    if _not_applicable(applies.pie, lang):
        return
    amounts = ", ".join(f"{a:.0%}" for a in PIE.amounts)
    st.caption(
        t(
            "forget.pie.caption",
            lang,
            copies=len(PIE.members),
            method=t(f"prune.method.{PIE.method}", lang),
            amounts=amounts,
            first_seed=PIE.seed,
            last_seed=PIE.seed + PIE.seeds - 1,
        )
    )
    clicked = st.button(t("forget.pie.run", lang), key="compress_forget_pie_run", icon="🧪")
    if not (clicked or shown_on_request(cache.pie, name, PIE)):
        return
    result = live(cache.pie, name, PIE, lang=lang, slot="compress_forget_pie")
    if result is not None:
        _pie_result(ctx, result)


def _pie_result(ctx: PageContext, result) -> None:
    lang = ctx.lang
    names = cache.class_names(ctx.spec.name)
    st.markdown(t("forget.pie.count", lang, n=len(result), total=result.total))
    low, high = min(result.member_agreement), max(result.member_agreement)
    st.caption(t("forget.pie.agreement", lang, low=low, high=high))
    if not len(result):
        st.success(t("forget.pie.none", lang), icon="✅")
        return
    rows = range(min(SHOWN, len(result)))
    indices = [result.indices[i] for i in rows]
    before = [names[result.original[i]] for i in rows]
    after = [names[result.modal[i]] for i in rows]
    title = t_text("forget.pictures.pie", lang, n=len(indices))
    _pictures(ctx, indices, before, after, title, "compress_forget_pie_pictures")
    for i in rows:
        text = t(
            "forget.pie.item",
            lang,
            original=before[i],
            p_original=float(result.original_probs[i, result.original[i]]),
            modal=after[i],
            p_modal=float(result.population_probs[i, result.modal[i]]),
            votes=result.votes[i],
        )
        _item(ctx, result.indices[i], text)


# --- 3. representation drift ----------------------------------------------------------------


def _drift(ctx: PageContext, applies, options: list[tuple[Recipe, str]]) -> None:
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("forget.section.drift", lang))
    if _not_applicable(applies.drift, lang):
        return
    recipes = tuple(recipe for recipe, _ in options)
    result = live(cache.drift, name, recipes, DRIFT, lang=lang, slot="compress_forget_drift")
    if result is None:
        return
    sample, results = result
    labels = [label for _, label in options]
    fig = cka_chart(
        dict(zip(labels, results, strict=True)),
        title=t_text("forget.drift.chart_title", lang),
        x_label=t_text("forget.drift.axis_x", lang),
        y_label=t_text("forget.drift.axis_y", lang),
    )
    show_chart(fig, key="compress_forget_cka_chart")
    if sample.stratified:
        classes = len(cache.class_names(name))
        values = {"n": sample.n, "per_class": sample.n // classes, "seed": DRIFT.seed}
        st.caption(t("forget.drift.caption", lang, **values))
    else:
        tokens = int(sample.inputs[0].shape[-1])
        st.caption(t("forget.drift.caption_sentences", lang, n=sample.n, tokens=tokens))
    if applies.drift.reason_key:
        st.caption("ℹ️ " + reason_text(applies.drift, lang))
    for label, drift in zip(labels, results, strict=True):
        _not_compared(lang, label, drift)


def _not_compared(lang: str, label: str, drift) -> None:
    if not drift.not_compared:
        return
    layers = "; ".join(f"{row.layer}: {t_text(row.reason, lang)}" for row in drift.not_compared)
    st.caption("ℹ️ " + t("forget.drift.not_compared", lang, variant=label, layers=layers))


def _projection(ctx: PageContext, applies, recipe: Recipe, label: str) -> None:
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("forget.section.projection", lang))
    if _not_applicable(applies.projection, lang):
        return
    found = live(cache.projection, name, recipe, lang=lang, slot="compress_forget_pca")
    if found is None:
        return
    fig = projection_chart(
        found,
        cache.class_names(name),
        titles=(t_text("forget.pca.original", lang), label),
        x_label=t_text("forget.pca.axis_x", lang, share=found.explained[0]),
        y_label=t_text("forget.pca.axis_y", lang, share=found.explained[1]),
        forgotten_label=t_text("forget.pca.forgotten", lang),
        title=t_text("forget.pca.chart_title", lang, variant=label),
    )
    show_chart(fig, key="compress_forget_pca_chart")
    width, variant_width = found.widths
    values = {"n": len(found.labels), "width": width, "variant_width": variant_width}
    st.caption(t(f"forget.pca.caption_{found.mode}", lang, **values))


# --- 4. robustness --------------------------------------------------------------------------


def _attack_settings(ctx: PageContext) -> tuple[AttackSettings, float]:
    """The attack and the example's ε from the controls."""
    s, lang = ctx.settings, ctx.lang
    left, right = st.columns([1, 2])
    attack = left.radio(
        t("forget.robust.attack", lang),
        AttackSettings.ATTACKS,
        index=s.index("attack", AttackSettings.ATTACKS),
        format_func=lambda a: t_text(_attack_key(a), lang, steps=PGD_STEPS, ratio=2.5),
        key=s.key("attack"),
        horizontal=True,
    )
    right.slider(
        t("forget.robust.epsilon", lang),
        0.0,
        MAX_FORGET_EPSILON,
        step=0.05,
        value=s["eps"],
        key=s.key("eps"),
    )
    settings = AttackSettings(attack, steps=PGD_STEPS, n_examples=ATTACK_EXAMPLES[attack])
    return settings, round(float(s["eps"]), 4)


def _attack_key(attack: str) -> str:
    return f"forget.robust.attack.{attack}"


def _robustness(ctx: PageContext, applies, options, recipe: Recipe, label: str) -> None:
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("forget.section.robustness", lang))
    if _not_applicable(applies.robustness, lang):
        return
    settings, epsilon = _attack_settings(ctx)
    recipes = tuple(r for r, _ in options)
    curves = live(cache.robustness, name, recipes, settings, lang=lang, slot="compress_forget_rob")
    if curves is not None:
        _curves(ctx, curves, [t_text("cmp.original", lang)] + [lb for _, lb in options])
    args = (name, recipe, settings, epsilon)
    example = live(cache.adversarial, *args, lang=lang, slot="compress_forget_adv")
    if example is not None:
        _adversarial(ctx, example, label)
    _noise(ctx, recipe, label)


def _curves(ctx: PageContext, curves, labels: list[str]) -> None:
    lang, settings = ctx.lang, curves.settings
    names = {}
    for curve in curves.curves:
        shown = labels[int(curve.label)]
        if curve.transferred:
            st.caption("ℹ️ " + t("error.about", lang, about=shown, message=_transferred(lang)))
            shown = t_text("forget.robust.transferred_legend", lang, model=shown)
        names[curve.label] = shown
    attack = t_text(_attack_key(settings.attack), lang, steps=settings.steps, ratio=2.5)
    fig = robustness_chart(
        curves,
        title=t_text("forget.robust.chart_title", lang, attack=attack),
        x_label=t_text("forget.robust.axis_x", lang),
        y_label=t_text("forget.robust.axis_y", lang),
        names=names,
    )
    show_chart(fig, key="compress_forget_robust_chart")
    bounds = curves.bounds
    span = bounds.high_value - bounds.low_value
    pixels = 0.1 / (bounds.pixel_scale or span)
    source = t(f"forget.robust.source.{bounds.source}", lang)
    values = {"low": bounds.low_value, "high": bounds.high_value, "source": source}
    st.caption(t("forget.robust.caption", lang, attack=attack, n=curves.n, pixels=pixels, **values))


def _transferred(lang: str):
    return t("forget.robust.transferred", lang)


def _adversarial(ctx: PageContext, found, label: str) -> None:
    lang = ctx.lang
    example, images, index = found
    fig = adversarial_figure(
        images.clean,
        images.perturbation,
        images.adversarial,
        titles=(
            t_text("forget.adv.clean", lang),
            t_text("forget.adv.perturbation", lang, gain=images.gain),
            t_text("forget.adv.adversarial", lang),
        ),
        perturbation_label=t_text("forget.adv.perturbation_units", lang),
        title=t_text("forget.adv.chart_title", lang, epsilon=example.epsilon),
    )
    show_chart(fig, key="compress_forget_adv_chart")
    names = cache.class_names(ctx.spec.name)
    for model, clean, adv in (
        (t("cmp.original", lang), example.original_clean, example.original_adversarial),
        (label, example.variant_clean, example.variant_adversarial),
    ):
        values = {"clean": names[clean.label], "adversarial": names[adv.label]}
        probs = {"p_clean": clean.probability, "p_adversarial": adv.probability}
        st.markdown("- " + t("forget.adv.prediction", lang, model=model, **values, **probs))
    st.caption(t(f"forget.adv.attacked_{example.attacked}", lang))
    _explain_link(ctx, index)


def _noise(ctx: PageContext, recipe: Recipe, label: str) -> None:
    """The smallest noise that flips a chosen test example, for both models."""
    lang, s = ctx.lang, ctx.settings
    st.markdown("**" + t("forget.noise.title", lang) + "**")
    last = cache.test_size(ctx.spec.name) - 1
    key = s.key("noise_index")
    st.session_state[key] = min(int(st.session_state[key]), last)
    label = t("forget.noise.index", lang)
    index = int(st.number_input(label, 0, last, value=st.session_state[key], key=key))
    args = (ctx.spec.name, recipe, index, NOISE)
    flips = live(cache.noise_flips, *args, lang=lang, slot="compress_forget_noise")
    if flips is None:
        return
    names = cache.class_names(ctx.spec.name)
    for model, flip in zip((t("cmp.original", lang), label), flips, strict=True):
        if flip.sigma is None:
            values = {"clean": names[flip.clean_class], "high": NOISE.sigma_max}
            st.markdown("- " + t("forget.noise.never", lang, model=model, **values))
        else:
            values = {"clean": names[flip.clean_class], "flipped": names[flip.flipped_class]}
            st.markdown(
                "- " + t("forget.noise.flips", lang, model=model, sigma=flip.sigma, **values)
            )
    high = NOISE.sigma_max
    st.caption(t("forget.noise.caption", lang, seed=NOISE.seed, step=NOISE.step, high=high))
    _explain_link(ctx, index)
