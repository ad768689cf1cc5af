"""Measures of the Fuse page's lessons."""

from __future__ import annotations
