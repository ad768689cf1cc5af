"""The code GPT's variants against the fp32 original: the table of perplexity, size and speed
with their ratios, and its two charts (plotly; no streamlit). Labels come in already translated.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.figures import ORIGINAL_COLOR, VARIANT_COLOR, style
from components.llm.variants import STUDENT

# The table's columns in order; ``time`` needs the number of new tokens in its header.
TABLE_COLUMNS = (
    "variant",
    "params",
    "size",
    "size_ratio",
    "ppl",
    "ppl_ratio",
    "tokens_s",
    "speed_ratio",
    "time",
)
# Fixed decimals: a ratio of 1.000 reads as exactly the original, not as a rounded "1".
NUMBER_FORMATS = {
    "size": "%.2f",
    "size_ratio": "%.2f×",
    "ppl": "%.2f",
    "ppl_ratio": "%.3f×",
    "tokens_s": "%.0f",
    "speed_ratio": "%.2f×",
}
# Okabe & Ito's colour-blind-safe colours (components.figures), one per family, and a symbol per
# member, so that the legend names the points (labels beside them would overlap: the quantized
# ones lie within 0.4 MB of each other): the original blue as everywhere, quantized orange /
# sky blue / black, pruned bluish green (heads) and vermillion (FFN), the student purple.
VARIANT_STYLE = {
    "fp32": (ORIGINAL_COLOR, "star"),
    "int8_weight_only": (VARIANT_COLOR, "circle"),
    "int4_weight_only": ("#56B4E9", "circle"),
    "dynamic_int8": ("#000000", "circle"),
    "heads_25": ("#009E73", "triangle-up"),
    "heads_50": ("#009E73", "triangle-down"),
    "ffn_25": ("#D55E00", "square"),
    "ffn_50": ("#D55E00", "diamond"),
    STUDENT: ("#CC79A7", "hexagon"),
}
_OTHER = ("#7f7f7f", "circle")


def speed_ratios(speed: pd.DataFrame) -> pd.Series:
    """Tokens/s of each variant over the fp32 original's, by variant."""
    rate = speed.set_index("variant")["tokens_per_s"]
    return rate / rate["fp32"]


def variant_table(
    quality: pd.DataFrame,
    speed: pd.DataFrame | None,
    labels: Mapping[str, str],
    columns: Mapping[str, str],
) -> pd.DataFrame:
    """One row per variant: parameters, size, perplexity and, once measured, tokens/s and the
    median ± IQR time, each with its ratio to fp32. ``columns`` names every key of
    :data:`TABLE_COLUMNS`."""
    q = quality.set_index("variant")
    table = pd.DataFrame(
        {
            columns["variant"]: [labels[v] for v in q.index],
            columns["params"]: q["params"].map("{:,}".format).values,
            columns["size"]: (q["size_bytes"] / 1e6).round(2).values,
            columns["size_ratio"]: (q["size_bytes"] / q.loc["fp32", "size_bytes"]).round(2).values,
            columns["ppl"]: q["perplexity"].round(2).values,
            columns["ppl_ratio"]: (q["perplexity"] / q.loc["fp32", "perplexity"]).round(3).values,
        }
    )
    if speed is not None:
        s = speed.set_index("variant").reindex(q.index)
        table[columns["tokens_s"]] = s["tokens_per_s"].round(0).values
        table[columns["speed_ratio"]] = speed_ratios(speed).reindex(q.index).round(2).values
        table[columns["time"]] = [
            f"{m:.3f} ± {i:.3f}" for m, i in zip(s["median_s"], s["iqr_s"], strict=True)
        ]
    return table


def quality_chart(
    quality: pd.DataFrame, labels: Mapping[str, str], *, title: str, x_label: str, y_label: str
) -> go.Figure:
    """Size on disk (MB) against perplexity (log), one named point per variant."""
    fig = go.Figure()
    for row in quality.itertuples():
        colour, symbol = VARIANT_STYLE.get(row.variant, _OTHER)
        label = labels[row.variant]
        fig.add_trace(
            go.Scatter(
                x=[row.size_bytes / 1e6],
                y=[row.perplexity],
                mode="markers",
                name=label,
                marker={"size": 13, "color": colour, "symbol": symbol},
                hovertemplate=f"{label}<br>%{{x:.2f}} MB<br>ppl %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(title=y_label, type="log")
    fig = style(fig, title, height=460)
    fig.update_layout(legend={"orientation": "h"})
    return fig


def speed_chart(
    speed: pd.DataFrame,
    labels: Mapping[str, str],
    new_tokens: int,
    *,
    title: str,
    y_label: str,
) -> go.Figure:
    """Tokens/s of each variant, its bar spanning the IQR of the time turned into tokens/s:
    ``new / (median ± IQR/2)``."""
    rate = new_tokens / speed["median_s"]
    high = new_tokens / (speed["median_s"] - speed["iqr_s"] / 2).clip(lower=1e-9) - rate
    low = rate - new_tokens / (speed["median_s"] + speed["iqr_s"] / 2)
    fig = go.Figure(
        go.Bar(
            x=[labels[v] for v in speed["variant"]],
            y=rate,
            error_y={"type": "data", "symmetric": False, "array": high, "arrayminus": low},
            marker_color=[VARIANT_STYLE.get(v, _OTHER)[0] for v in speed["variant"]],
            hovertemplate="%{x}<br>%{y:.0f} tokens/s<extra></extra>",
        )
    )
    fig.update_yaxes(title=y_label)
    fig.update_xaxes(tickangle=-30)
    return style(fig, title, height=440)
