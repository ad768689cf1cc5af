"""Sections of the Compress page: each lays out one technique from the backend's results."""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from dashboard.page_state import PageState
from models.registry import ModelSpec


@dataclass(frozen=True)
class SectionContext:
    """What every section needs: the chosen model (shared, read-only) and the page settings."""

    spec: ModelSpec
    model: nn.Module
    lang: str
    seed: int
    threads: int
    settings: PageState
