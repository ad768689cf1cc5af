"""Small models built in code for the parallel tests, loaded by worker processes by name
(``"tests.components.parallel_models:mlp"``): keep this module free of test imports."""

from __future__ import annotations

import os

from torch import nn


def mlp() -> nn.Sequential:
    """Six layers on flattened 28×28 digits: enough for 4 stages (interleaved on 2 processes)."""
    return nn.Sequential(
        nn.Flatten(1),
        nn.Linear(784, 32),
        nn.ReLU(),
        nn.Linear(32, 32),
        nn.ReLU(),
        nn.Linear(32, 10),
    )


def fails_in_workers() -> nn.Sequential:
    """The MLP in the test process, an exception in every worker process (they have RANK)."""
    if "RANK" in os.environ:
        raise RuntimeError("this model cannot be built in a worker")
    return mlp()
