"""Home: the four areas in a few sentences, and a measured model card for the chosen model."""

from __future__ import annotations

import streamlit as st

from components.i18n import model_title, t
from components.lessons import AREAS, lessons_in
from dashboard.areas.home import card, gpt_card
from dashboard.areas.home.params import LESSON_TABS
from dashboard.shared.brought_model import is_user_model
from dashboard.shared.resources import model_or_stop
from dashboard.shell.pages import page_file
from dashboard.shell.state import shared
from dashboard.shell.tabs import lazy_tabs
from models.registry import generative, get_spec

state = shared()
lang = state.lang
spec = get_spec(state.model)

st.title(t("app.title", lang))
st.markdown(t("app.tagline", lang))

st.header(t("home.areas", lang))
for column, area in zip(st.columns(len(AREAS)), AREAS, strict=True):
    with column.container(border=True, height="stretch"):
        # One markdown element a card, not one a paragraph: a fresh browser's first page
        # renders each element through the markdown pipeline on its main thread (#16).
        st.markdown(f"**{t(f'area.{area}.title', lang)}**\n\n{t(f'area.{area}.text', lang)}")
        st.page_link(page_file(area), label=t("home.open", lang), icon="➡️")

# Lessons: one tab per area, one card per technique; a card's link opens its page with the
# lesson's settings (Home → tab → link: at most two clicks to any technique). Only the open
# tab's cards are drawn: the twenty cards of all four tabs took the browser about 0.25 s of a
# fresh browser's first page (#16).
st.header(t("home.lessons", lang))
st.caption(t("home.lessons_caption", lang))
tabs = lazy_tabs(LESSON_TABS, lambda lang: [t(f"area.{a}.title", lang) for a in AREAS], lang)
for tab, area in zip(tabs, AREAS, strict=True):
    if not tab.open:
        continue
    lessons = lessons_in(area)
    with tab:
        for column, lesson in zip(st.columns(len(lessons)), lessons, strict=True):
            with column.container(border=True, height="stretch"):
                st.markdown(
                    f"**{t(lesson.title_key, lang)}**\n\n{t(lesson.text_key, lang)}\n\n"
                    + t("home.try", lang, text=t(lesson.try_key, lang))
                )
                st.page_link(
                    page_file(lesson.page),
                    label=t("home.lesson_open", lang),
                    icon="🎓",
                    query_params=lesson.query(),
                )

model_or_stop(state.model, lang)
st.header(t("card.title", lang, title=model_title(spec.name, spec.title, lang)))
st.caption(
    t(
        "card.caption",
        lang,
        task=t(f"task.{spec.task}", lang),
        input_kind=t(f"input.{spec.input_kind}", lang),
        description=spec.description
        if is_user_model(spec)
        else t(f"model.{spec.name}.description", lang),
    )
)

if generative(spec):
    gpt_card.render(spec, state)
else:
    card.render(spec, state)
