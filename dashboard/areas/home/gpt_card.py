"""Home's card of the code GPT: parameters, size, validation perplexity and tokens/s measured
live, how it was trained (with its curve), its layers, and text it generates live from the
student's prompt (greedy, or sampled with temperature and top-k, seeded by the sidebar)."""

from __future__ import annotations

import streamlit as st

from components.errors import UserFacingError
from components.figures import layer_bar_chart, line_chart, log_axis
from components.i18n import Markdown, code_span, format_bytes, t, t_text
from components.llm import DEFAULT_PROMPT, GENERATION_BOUNDS, GenerationSettings
from components.llm.card import (
    TIED_COLUMN,
    check_prompt,
    ends_in_space,
    layer_blocks,
    max_prompt_tokens,
    training_curve,
)
from dashboard.areas.home.cache import (
    GPT_SPEED_PROMPT,
    gpt_generation,
    gpt_layers,
    gpt_perplexity,
    gpt_prompt_tokens,
    gpt_size,
    gpt_speed,
)
from dashboard.shell.errors import show_error
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.report import report_number, show_chart, show_table
from dashboard.shell.state import SharedState
from models.gpt import CONTEXT, RETRAIN_HINT, VOCAB_SIZE, load_metrics
from models.gpt_corpus import PYTHON_VERSION, TRAIN_MODULES, VALIDATION_MODULES
from models.registry import ModelSpec

SPEED_TOKENS = 64  # the target: 64 new tokens in at most a second on one thread
SPEED_THREADS = 1
# A bound on what a browser may send, far above what fits the model's 512 positions (about three
# characters a token): the token count, not this cut, is what tells the student "too long".
MAX_PROMPT_CHARS = 4_000
KEY = "home_gpt_"  # widget keys (Home has no URL parameters of its own)
MODES = ("greedy", "sampled")
DEFAULTS = GenerationSettings()


def render(spec: ModelSpec, state: SharedState) -> None:
    """The code GPT's card for ``spec`` (the sidebar's model)."""
    metrics = load_metrics(spec.name)
    _numbers(state, metrics)
    _training(state, metrics)
    _layers(state)
    _generation(state)


def _numbers(state: SharedState, metrics: dict) -> None:
    """Parameters and size (exact), validation perplexity and tokens/s (streamed in)."""
    lang = state.lang
    params, size = gpt_size(state.model)
    cols = st.columns(4)
    cols[0].metric(t("card.params", lang), f"{params:,}")
    cols[1].metric(t("card.size", lang), format_bytes(size), help=t("card.size_help", lang))
    report_number(t("card.params", lang), f"{params:,}")
    report_number(t("card.size", lang), format_bytes(size))
    with cols[2]:
        ppl = live(gpt_perplexity, state.model, lang=lang, slot="home_gpt_perplexity")
    with cols[3]:  # a heavy job: timed in the background, one timing at a time
        speed = live(
            gpt_speed, state.model, SPEED_TOKENS, SPEED_THREADS, lang=lang, slot="home_gpt_speed"
        )
    if ppl is not None:
        cols[2].metric(
            t("llm.card.ppl", lang),
            f"{ppl.perplexity:.2f}",
            help=t("llm.card.ppl_help", lang, vocab=VOCAB_SIZE),
        )
        report_number(t("llm.card.ppl", lang), f"{ppl.perplexity:.2f}")
        st.caption(
            t(
                "llm.card.ppl_detail",
                lang,
                ppl=ppl.perplexity,
                tokens=Markdown(f"{ppl.tokens:,}"),
                context=CONTEXT,
                seconds=ppl.seconds,
                recorded=metrics["validation_perplexity"],
            )
        )
    if speed is not None:
        rate = t("llm.card.speed_value", lang, rate=speed.tokens_per_s)
        cols[3].metric(t("llm.card.speed", lang), rate, help=t("llm.card.speed_help", lang))
        report_number(t("llm.card.speed", lang), f"{rate} (IQR {speed.iqr_s:.3f} s)")
        st.caption(
            t(
                "llm.card.speed_detail",
                lang,
                new=speed.tokens,
                prompt=len(gpt_prompt_tokens(GPT_SPEED_PROMPT)),
                median=speed.median_s,
                iqr=speed.iqr_s,
                runs=speed.runs,
                threads=speed.threads,
            )
        )
        measured_note(
            lang,
            [gpt_speed.entry(state.model, SPEED_TOKENS, SPEED_THREADS)],
            key="home_gpt_remeasure",
        )


def _training(state: SharedState, metrics: dict) -> None:
    """Corpus, schedule and cost of the training, the command that repeats it, and its curve."""
    lang = state.lang
    config = metrics["config"]
    st.subheader(t("llm.card.trained_title", lang))
    st.markdown(
        t(
            "llm.card.trained",
            lang,
            train=len(TRAIN_MODULES),
            python=PYTHON_VERSION,
            train_tokens=Markdown(f"{metrics['train_tokens']:,}"),
            validation=len(VALIDATION_MODULES),
            held_out=Markdown(", ".join(code_span(m) for m in VALIDATION_MODULES)),
            steps=config["steps"],
            batch=config["batch_size"],
            context=config["context"],
            seen=Markdown(f"{metrics['tokens_seen']:,}"),
            passes=metrics["tokens_seen"] / metrics["train_tokens"],
            seconds=metrics["train_seconds"],
            threads=metrics["threads"],
            best=metrics["best_step"],
        )
    )
    st.caption(t("llm.card.retrain", lang))
    st.code(RETRAIN_HINT, language="bash")

    curve = training_curve(metrics)
    title = t_text("llm.card.curve_title", lang)
    series = {
        t_text("llm.card.curve_train", lang): curve.train_perplexity,
        t_text("llm.card.curve_val", lang): curve.selection_perplexity,
    }
    fig = line_chart(
        curve.steps,
        series,
        title=title,
        x_label=t_text("llm.card.curve_x", lang),
        y_label=t_text("llm.card.curve_y", lang),
        marker_x=curve.best_step,
    )
    log_axis(fig, [v for values in series.values() for v in values])
    show_chart(fig, key="home_gpt_curve", title=title)
    best = curve.steps.index(curve.best_step)
    low, high = curve.selection_tokens
    st.caption(
        t(
            "llm.card.curve_caption",
            lang,
            best=curve.best_step,
            best_ppl=curve.selection_perplexity[best],
            last_ppl=curve.selection_perplexity[-1],
            low=Markdown(f"{low:,}"),
            high=Markdown(f"{high - 1:,}"),  # the slice ends before ``high``
        )
    )


def _layers(state: SharedState) -> None:
    """Parameters per block (the tied output matrix in its own colour), and every layer in a
    table."""
    lang = state.lang
    layers = gpt_layers(state.model)
    blocks = layer_blocks(layers)
    tied = blocks[TIED_COLUMN] != ""
    own_name, tied_name = t_text("col.params", lang), t_text("llm.card.tied_series", lang)
    title = t_text("card.layers_params", lang)
    fig = layer_bar_chart(
        blocks["name"],
        {  # one bar per block: None leaves the other series' slot empty
            own_name: [None if x else p for p, x in zip(blocks["params"], tied, strict=True)],
            tied_name: [p if x else None for p, x in zip(blocks["params"], tied, strict=True)],
        },
        value_label=own_name,
        log_y=True,
        title=title,
    )
    fig.update_layout(barmode="overlay")
    show_chart(fig, key="home_gpt_params_chart", title=title)
    for _, row in layers[layers[TIED_COLUMN] != ""].iterrows():
        st.caption(
            t(
                "llm.card.tied_note",
                lang,
                layers=len(layers),
                head=code_span(row["name"]),
                embedding=code_span(row[TIED_COLUMN]),
                n=Markdown(f"{row['params']:,}"),
            )
        )
    shown = layers[["name", "type", "shape", "params", TIED_COLUMN]]
    names = {c: t_text(f"col.{c}", lang) for c in ("name", "type", "shape", "params")}
    names[TIED_COLUMN] = t_text("llm.col.tied_to", lang)
    with st.expander(t("card.architecture", lang)):
        show_table(
            shown.rename(columns=names), title=t_text("card.architecture", lang), hide_index=True
        )


def _generation(state: SharedState) -> None:
    """The student's prompt, the decoding controls, the prompt's tokens and the model's text."""
    lang = state.lang
    st.subheader(t("llm.gen.title", lang))
    prompt, settings = _generation_controls(state)
    new_tokens = settings.max_new_tokens
    tokens = gpt_prompt_tokens(prompt)
    try:
        check_prompt(tokens, new_tokens)
    except UserFacingError as err:
        show_error(err, lang)
        return
    st.caption(
        t(
            "llm.gen.tokens",
            lang,
            n=len(tokens),
            limit=max_prompt_tokens(new_tokens),
            new=new_tokens,
        )
    )
    st.code(tokens.shown(), language=None, wrap_lines=True)
    if ends_in_space(tokens):
        st.info(t("llm.gen.trailing_space", lang), icon="💡")

    generation = live(
        gpt_generation,
        state.model,
        prompt,
        settings,
        lang=lang,
        slot="home_gpt_generation",
        note=t("llm.gen.generating", lang),
    )
    if generation is None:
        return
    st.caption(t("llm.gen.output", lang))
    st.code(generation.prompt + generation.completion, language="python", wrap_lines=True)
    st.caption(t("llm.gen.done", lang, new=generation.new_tokens, seconds=generation.seconds))
    if generation.new_tokens < settings.max_new_tokens:
        st.caption(t("llm.gen.stopped", lang, max=settings.max_new_tokens))


def _generation_controls(state: SharedState) -> tuple[str, GenerationSettings]:
    """The prompt box and the decoding controls; the prompt and the settings they give."""
    lang = state.lang
    # The default as the widget's own value (not a session-state write): a rerun that lands
    # while the widget is being drawn then falls back to it, never to an empty prompt.
    prompt = st.text_area(
        t("llm.gen.prompt", lang),
        DEFAULT_PROMPT,
        key=KEY + "prompt",
        height=110,
        max_chars=MAX_PROMPT_CHARS,
    )
    new_col, mode_col, temp_col, k_col = st.columns([3, 2, 3, 3])
    low, high = (int(b) for b in GENERATION_BOUNDS["max_new_tokens"])
    new_tokens = new_col.slider(
        t("llm.gen.new_tokens", lang), low, high, DEFAULTS.max_new_tokens, key=KEY + "new_tokens"
    )
    mode = mode_col.segmented_control(
        t("llm.gen.mode", lang),
        MODES,
        default=MODES[0],
        required=True,
        format_func=lambda m: t_text(f"llm.gen.mode.{m}", lang),
        key=KEY + "mode",
        help=t("llm.gen.mode_help", lang),
    )
    t_low, t_high = GENERATION_BOUNDS["temperature"]
    temperature = temp_col.slider(
        t("llm.gen.temperature", lang),
        float(t_low),
        float(t_high),
        DEFAULTS.temperature,
        step=0.1,
        key=KEY + "temperature",
    )
    k_low, k_high = (int(b) for b in GENERATION_BOUNDS["top_k"])
    top_k = k_col.slider(t("llm.gen.top_k", lang), k_low, k_high, DEFAULTS.top_k, key=KEY + "top_k")
    sampled = mode == "sampled"
    if sampled:
        settings = GenerationSettings(
            max_new_tokens=new_tokens,
            do_sample=True,
            temperature=round(float(temperature), 2),
            top_k=int(top_k),
            seed=state.seed,
        )
        st.caption(
            t(
                "llm.gen.sampling_on",
                lang,
                temperature=settings.temperature,
                top_k=settings.top_k,
                seed=settings.seed,
            )
        )
    else:  # greedy ignores the sampling fields: one cache entry whatever the sliders say
        settings = GenerationSettings(max_new_tokens=new_tokens)
        st.caption(t("llm.gen.sampling_only", lang))
    return prompt, settings
