"""Measures of the Explain page's lessons."""

from __future__ import annotations
