"""Measures of the Accelerate page's lessons."""

from __future__ import annotations
