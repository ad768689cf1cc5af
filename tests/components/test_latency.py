"""Latency measured with warm-up, a fixed thread count, median and IQR."""

from __future__ import annotations

import time

import torch
from torch import nn

from components.latency import measure_latency


class Sleepy(nn.Module):
    """Takes 2 ms per forward call, whatever the input."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        time.sleep(0.002)
        return x


def test_measure_latency_fields():
    model = nn.Linear(8, 4).eval()
    x = torch.randn(5, 8)
    before = torch.get_num_threads()
    result = measure_latency(model, (x,), threads=1, min_run_time=0.05)
    assert torch.get_num_threads() == before  # the thread count is restored
    assert result.median_s > 0
    assert result.iqr_s >= 0
    assert result.runs >= 1
    assert result.batch_size == 5
    assert result.threads == 1
    assert result.backend == "eager fp32"
    assert result.throughput == 5 / result.median_s
    assert result.median_ms == result.median_s * 1e3
    assert result.iqr_ms == result.iqr_s * 1e3


def test_sleep_is_measured():
    result = measure_latency(Sleepy(), (torch.zeros(3, 1),), threads=1, min_run_time=0.1)
    assert 1.5e-3 <= result.median_s <= 50e-3, result
    assert result.batch_size == 3


def test_warmup_calls_are_made():
    calls = []

    class Counting(nn.Module):
        def forward(self, x):
            calls.append(1)
            return x

    measure_latency(Counting(), (torch.zeros(1),), threads=1, min_run_time=0.01, warmup=3)
    assert len(calls) > 3
