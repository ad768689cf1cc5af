"""The floor of issue #16: a trivial Streamlit app (one slider, one plotly chart that depends on
it). ``bench_liveness`` times it with the same code as the dashboard's pages, so the dashboard's
numbers read as multiples of what Streamlit itself costs on this machine.

    .venv/bin/python -m streamlit run tests/benchmarks/floor_app.py
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
frequency = st.slider("Frequency", min_value=1, max_value=50, value=5)
xs = [i / 200 for i in range(201)]
figure = go.Figure(go.Scatter(x=xs, y=[math.sin(2 * math.pi * frequency * x) for x in xs]))
figure.update_layout(height=320, margin={"l": 20, "r": 20, "t": 20, "b": 20})
st.plotly_chart(figure, key="floor_chart")
