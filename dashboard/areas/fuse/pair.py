"""Choosing the pair to look at: a test pair, or an uploaded / drawn digit with a stored clip;
and showing it: the image the models see, the spectrogram, and a player for the speech."""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.figures import image_grid
from components.fusion.figures import spectrogram_chart
from components.fusion.samples import (
    FRAME_SECONDS,
    OWN_SPEECH,
    Pair,
    clean_waveform,
    clip_waveform,
    outside_pair,
    pair_from_test,
)
from components.i18n import t, t_text
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.params import FUSE_SOURCES
from dashboard.shared.digit_input import outside_digit
from dashboard.shared.figures import array_key, shared_figure
from dashboard.shell.errors import attempt
from dashboard.shell.presenter import column_widths, presenting
from dashboard.shell.report import show_chart
from models.av_digits import SAMPLE_RATE, load_av_digits

COLUMN_SECONDS = 0.025  # one spectrogram column (hop 200 samples at 8 kHz)


def _clip_label(ctx: FuseContext, clip: int) -> str:
    if clip == OWN_SPEECH:
        return t("fuse.clip.own", ctx.lang)
    stored = load_av_digits().clips[clip]
    return t("fuse.clip.stored", ctx.lang, n=clip + 1, digit=stored.digit, voice=stored.voice)


def pick_pair(ctx: FuseContext) -> Pair | None:
    """Draw the pair controls; the pair (noise and drop applied), or None with a message."""
    s, lang = ctx.settings, ctx.lang
    source = (
        st.segmented_control(
            t("fuse.source", lang),
            FUSE_SOURCES,
            default=s["source"] if s["source"] in FUSE_SOURCES else "test",
            format_func=lambda k: t(f"fuse.source.{k}", lang),
            key=s.key("source"),
            required=True,  # one is always chosen: no deselected "None" in the URL
        )
        or "test"
    )
    clips = [OWN_SPEECH, *range(len(load_av_digits().clips))]
    if source != "test" and s["clip"] == OWN_SPEECH:  # an outside image has no speech of its own
        st.session_state[s.key("clip")] = 0
    left, right = st.columns(2)
    with right:
        shown = clips if source == "test" else clips[1:]
        clip = st.selectbox(
            t("fuse.clip", lang),
            shown,
            index=s.index("clip", shown),
            format_func=lambda c: _clip_label(ctx, c),
            key=s.key("clip"),
            help=t("fuse.clip_help", lang),
        )
    return attempt(lang, lambda: _make_pair(ctx, source, int(clip), left))


def _make_pair(ctx: FuseContext, source: str, clip: int, column: DeltaGenerator) -> Pair | None:
    """The test pair at the chosen index, or the uploaded / drawn digit with ``clip``; None
    while there is no outside digit yet. Raises UserFacingError for an unusable file."""
    lang = ctx.lang
    with column:
        if source == "test":
            s = ctx.settings
            index = st.number_input(
                t("fuse.index", lang), 0, 449, value=s["index"], key=s.key("index")
            )
            return pair_from_test(int(index), clip, ctx.noise)
        prepared = outside_digit(source, lang, "fuse")
    if prepared is None:
        return None
    steps = ", ".join(t(step, lang) for step in prepared.steps)
    if steps:
        st.caption(t("fuse.converted", lang, steps=steps))
    return outside_pair(prepared.model_input, clip, ctx.noise)


def pair_title(ctx: FuseContext, pair: Pair) -> str:
    image = "?" if pair.image_digit is None else str(pair.image_digit)
    return t_text("fuse.pair_title", ctx.lang, image=image, audio=pair.audio_digit)


def show_pair(ctx: FuseContext, pair: Pair, *, key: str) -> None:
    """The image as the models see it, the spectrogram, and the speech to play."""
    lang = ctx.lang
    st.markdown(f"**{pair_title(ctx, pair)}**")
    image_col, audio_col = st.columns(column_widths([1, 1.6], [1.3, 1]))
    columns = 1 if presenting() else 2  # stacked on a projector: each ≥ 300 px
    with image_col:
        pictures = (pair.clean_preview, pair.image_preview)
        image = shared_figure(
            ("fuse_pair_image", array_key(*pictures), columns, lang),
            lambda: image_grid(
                [p.astype(np.float64) for p in pictures],
                [t("fuse.image_clean", lang), t("fuse.image_seen", lang)],
                columns=columns,
            ),
        )
        show_chart(image, key=f"{key}_image")
    with audio_col:
        spectrogram = shared_figure(
            ("fuse_pair_spectrogram", array_key(pair.spectrogram_db), lang),
            lambda: spectrogram_chart(
                pair.spectrogram_db,
                frame_seconds=FRAME_SECONDS,
                column_seconds=COLUMN_SECONDS,
                title=t("fuse.spectrogram", lang),
                x_label=t("fuse.time_ms", lang),
                y_label=t("fuse.mel_band", lang),
            ),
        )
        show_chart(spectrogram, key=f"{key}_spectrogram")
        if ctx.noise.drop == "audio":
            pass  # the note below says what the models get
        elif pair.clip is None:
            st.caption(t("fuse.no_recording", lang))
        else:
            st.caption(t("fuse.listen", lang, snr=ctx.noise.snr_db))
            st.audio(clip_waveform(pair.clip, ctx.noise.snr_db), sample_rate=SAMPLE_RATE)
            with st.expander(t("fuse.listen_clean", lang)):
                st.audio(clean_waveform(pair.clip), sample_rate=SAMPLE_RATE)
    if ctx.noise.drop is not None:
        st.caption(t(f"fuse.dropped_note.{ctx.noise.drop}", lang))


def pick_and_show_pair(ctx: FuseContext, *, key: str) -> Pair | None:
    """The pair controls on the left and the pair itself on the right; the pair, or None."""
    controls, shown = st.columns([1, 2.2])
    with controls:
        pair = pick_pair(ctx)
    if pair is not None:
        with shown:
            show_pair(ctx, pair, key=key)
    return pair
