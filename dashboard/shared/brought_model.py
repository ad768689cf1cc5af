"""For a model brought at start-up: where it came from, what applies to it and why, and a check
of other weights for its architecture (safetensors only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.capabilities import (
    Applicability,
    Capabilities,
    Capability,
    applicability,
    capabilities,
)
from components.fidelity import fidelity
from components.i18n import t, t_text
from components.quality import evaluate
from components.upload_weights import load_uploaded_weights
from dashboard.shared.resources import shared_model
from dashboard.shell.errors import attempt
from models.registry import ModelSpec, get_spec
from models.user_models import UserModelSpec

FEATURES = (
    "conv_layers",
    "attention",
    "has_labels",
    "images",
    "explain",
    "sequential_children",
    "masked_pruning",
    "channel_pruning",
    "finetuning",
    "dynamic_int8",
    "static_int8",
    "distillation",
)


def is_user_model(spec: ModelSpec) -> bool:
    return isinstance(spec, UserModelSpec)


@st.cache_resource(show_spinner=False, max_entries=16)
def model_capabilities(name: str) -> Capabilities:
    """What applies to the shared model ``name`` (found once per server, on private copies)."""
    return capabilities(shared_model(name), get_spec(name))


@st.cache_resource(show_spinner=False, max_entries=16)
def model_applicability(name: str) -> Applicability:
    """What the pages decide for the shared model ``name``: for a brought model the very values
    Home lists (its capabilities), for a zoo model the cheap checks alone."""
    spec = get_spec(name)
    if is_user_model(spec):
        return model_capabilities(name).applies
    return applicability(shared_model(name), spec)


def reason_text(cap: Capability, lang: str, label: str = "", markdown: bool = True) -> str:
    """The reason (or note) of ``cap`` in ``lang``; ``label`` fills a ``{method}`` placeholder."""
    if not cap.reason_key:
        return ""
    fill = t if markdown else t_text
    return fill(cap.reason_key, lang, **{"method": label, **cap.reason_values})


def _capability(feature: str, caps: Capabilities) -> Capability:
    if feature in ("images", "explain"):
        return getattr(caps.applies, feature)
    if feature in ("dynamic_int8", "static_int8"):  # the Compress page reads the same
        return caps.applies.quantization[feature]
    return getattr(caps, feature)


def _row(feature: str, caps: Capabilities, lang: str) -> tuple[str, str, str]:
    label = t_text(f"byom.feature.{feature}", lang)
    if feature == "conv_layers":
        layers = ", ".join(caps.conv_layers)
        return (label, "✅" if layers else "—", layers)
    cap = _capability(feature, caps)
    return (label, "✅" if cap.ok else "—", reason_text(cap, lang, label, markdown=False))


def brought_model(spec: UserModelSpec, lang: str) -> None:
    """The brought model's panel on Home."""
    st.header(t("byom.applies", lang))
    st.caption(t("byom.badge", lang, path=spec.source))
    caps = model_capabilities(spec.name)
    st.dataframe(
        pd.DataFrame(
            [_row(f, caps, lang) for f in FEATURES],
            columns=[t("byom.col.feature", lang), t("byom.col.ok", lang), t("byom.col.why", lang)],
        ),
        hide_index=True,
    )
    _weights_check(spec, lang)


def _weights_check(spec: UserModelSpec, lang: str) -> None:
    # Any name is accepted by the widget so that a .pt gets the explanation, not a silent refusal.
    upload = st.file_uploader(
        t("byom.upload", lang), key="home_weights_upload", help=t("byom.upload_help", lang)
    )
    if upload is None:
        return
    original = shared_model(spec.name)
    model = attempt(
        lang,
        lambda: load_uploaded_weights(upload.getvalue(), upload.name, original, spec.title),
        level="error",
    )
    if model is None:
        return
    agree = fidelity(original, model, spec)
    if spec.task == "classification":
        mine, shipped = evaluate(model, spec), evaluate(original, spec)
        st.success(
            t(
                "byom.upload_ok",
                lang,
                file=upload.name,
                model=spec.title,
                metric=t(f"metric.{mine.metric}", lang),
                uploaded=mine.value,
                shipped=shipped.value,
                agreement=agree.agreement,
            ),
            icon="✅",
        )
    else:
        st.success(
            t(
                "byom.upload_ok_nolabels",
                lang,
                file=upload.name,
                model=spec.title,
                agreement=agree.agreement,
                cosine=agree.mean_cosine,
            ),
            icon="✅",
        )
