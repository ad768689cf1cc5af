"""Every cache of the Home page: the chosen model's card (profile and sample predictions)."""

from __future__ import annotations

import streamlit as st

from components.model_card import (
    DigitPredictions,
    SentenceSimilarity,
    sample_digit_predictions,
    sample_sentence_similarity,
)
from components.profile import ModelProfile, profile_model
from dashboard.shared.resources import shared_model
from models.registry import get_spec


@st.cache_data(show_spinner=False, max_entries=32)
def model_profile(name: str, batch_size: int, threads: int) -> ModelProfile:
    """Profile of the shared model (cached per model, batch and threads)."""
    return profile_model(shared_model(name), get_spec(name), batch_size=batch_size, threads=threads)


@st.cache_data(show_spinner=False, max_entries=64)
def digit_samples(name: str, n: int, seed: int) -> DigitPredictions:
    """The model's predictions on ``n`` seeded test digits."""
    return sample_digit_predictions(shared_model(name), get_spec(name).load_data(), n=n, seed=seed)


@st.cache_data(show_spinner=False, max_entries=64)
def sentence_samples(name: str, pairs: int, seed: int) -> SentenceSimilarity:
    """Cosine matrix of ``pairs`` seeded paraphrase pairs."""
    return sample_sentence_similarity(
        shared_model(name), get_spec(name).load_data(), pairs=pairs, seed=seed
    )
