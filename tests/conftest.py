"""Test-wide settings: offline, deterministic, quiet; and shared fixtures."""

from __future__ import annotations

import os

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="module")
def one_thread():
    """One torch thread for a module (opt in with ``pytest.mark.usefixtures("one_thread")``).

    Tiny models gain little from a second thread, and on a shared 2-core machine two OpenMP
    threads that wait for each other ran 10× slower whenever another process was busy.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
