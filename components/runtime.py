"""Process-wide torch settings, applied once per server."""

from __future__ import annotations

import os

import torch

THREADS_ENV = "MODELLENS_THREADS"


def configure_torch(threads: int | None = None) -> int:
    """Set torch's intra-op thread count once for the whole server and return it.

    Default: ``MODELLENS_THREADS`` if set, else every core. Concurrent sessions then share one
    pool instead of each oversubscribing the cores.
    """
    if threads is None:
        threads = int(os.environ.get(THREADS_ENV, "0")) or (os.cpu_count() or 1)
    threads = max(1, threads)
    torch.set_num_threads(threads)
    return threads
