"""The parallel backend without processes: layer chains, stage tables, schedules, charts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import torch
from torch import nn

from components.errors import UserFacingError
from components.flops import count_flops
from components.parallel import (
    SCHEDULES,
    STAGE_COLUMNS,
    bubble_fraction,
    check_pipeline,
    check_split,
    default_split,
    formula_applies,
    formula_bubble,
    ideal_bubble,
    ideal_schedule,
    live_workers,
    rank_orders,
    run_data_parallel,
    run_model_parallel,
    run_pipeline,
    sequential_layers,
    stage_table,
)
from components.parallel.charts import idle_intervals, schedule_chart, time_breakdown_chart
from components.parallel.layers import digits_batch, stage_module
from models.minilm import SentenceEncoder
from models.registry import get_spec, load_model
from tests.components.parallel_models import mlp

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module", params=["lenet", "tiny_vit"])
def zoo(request):
    return load_model(request.param), get_spec(request.param)


def test_layer_chain_computes_the_model(zoo):
    model, spec = zoo
    layers = sequential_layers(model, spec)
    (x,) = spec.example_input(model, 4)
    with torch.no_grad():
        assert torch.equal(stage_module(layers, 0, len(layers))(x), model(x))


def test_zoo_layer_names():
    lenet, vit = load_model("lenet"), load_model("tiny_vit")
    assert [n for n, _ in sequential_layers(lenet)][:4] == ["conv1", "relu1", "pool1", "conv2"]
    assert [n for n, _ in sequential_layers(vit)] == [
        "embed",
        "blocks.0",
        "blocks.1",
        "blocks.2",
        "blocks.3",
        "head",
    ]


def test_sentence_encoder_is_refused_with_its_reason():
    encoder = SentenceEncoder(nn.Linear(2, 2), tokenizer=None)  # no transformers needed
    with pytest.raises(UserFacingError) as caught:
        sequential_layers(encoder, get_spec("minilm"))
    assert caught.value.key == "parallel.error.not_splittable_text"
    assert caught.value.values == {"model": "all-MiniLM-L6-v2 (sentences)"}


def test_runs_refuse_minilm_before_loading_it():
    started = time.perf_counter()
    for run, key in (
        (lambda: run_pipeline("minilm", [3], "gpipe", 2, 16), "not_splittable_text"),
        (lambda: run_model_parallel("minilm", [3], 16), "not_splittable_text"),
        (lambda: run_data_parallel("minilm", 16, 2), "needs_digits"),
    ):
        with pytest.raises(UserFacingError) as caught:
            run()
        assert caught.value.key == f"parallel.error.{key}"
        assert caught.value.values == {"model": "all-MiniLM-L6-v2 (sentences)"}
    assert time.perf_counter() - started < 1  # neither MiniLM nor a process was started
    assert live_workers() == 0


@pytest.mark.parametrize(
    ("run", "key", "values"),
    [
        (
            lambda: run_data_parallel("lenet", 33, 2),
            "parallel.error.batch",
            {"batch": 33, "low": 8, "high": 512, "multiple": 2},
        ),
        (
            lambda: run_data_parallel("lenet", 32, 2, world_size=5),
            "parallel.error.processes",
            {"processes": 5, "low": 2, "high": 4},
        ),
        (
            lambda: run_data_parallel("lenet", 32, 0),
            "parallel.error.steps",
            {"steps": 0, "low": 1, "high": 20},
        ),
        (
            lambda: run_model_parallel("lenet", [1, 2, 3, 4], 32),
            "parallel.error.stage_count",
            {"stages": 5, "low": 2, "high": 4},
        ),
        (
            lambda: run_pipeline("lenet", [3, 12], "gpipe", 2, 32),
            "parallel.error.split_points",
            {"points": "3, 12", "last": 9},
        ),
    ],
)
def test_bad_requests_fail_before_any_process_starts(run, key, values):
    with pytest.raises(UserFacingError) as caught:
        run()
    assert (caught.value.key, caught.value.values) == (key, values)
    assert live_workers() == 0


def test_a_model_that_is_no_chain_is_refused():
    class Branching(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(2, 2), nn.Linear(2, 2)

        def forward(self, x):
            return self.a(x) + self.b(x)

    with pytest.raises(UserFacingError) as caught:
        sequential_layers(Branching())
    assert caught.value.key == "parallel.error.not_splittable"
    assert caught.value.values == {"model": "Branching"}


def test_stage_table_adds_up_to_the_model(zoo):
    model, spec = zoo
    points = default_split(model, 3, spec)
    table = stage_table(model, spec, points)
    assert list(table.columns) == list(STAGE_COLUMNS)
    assert list(table["stage"]) == [0, 1, 2]
    assert table["params"].sum() == sum(p.numel() for p in model.parameters())
    assert table["n_layers"].sum() == len(sequential_layers(model))
    total = count_flops(model, spec.example_input(model, 2)).per_sample
    assert table["flops_per_sample"].sum() == pytest.approx(total)
    assert table["flops_share"].sum() == pytest.approx(1.0)
    assert table["sent_bytes_per_sample"].iloc[-1] == 0
    assert (table["sent_bytes_per_sample"].iloc[:-1] > 0).all()


def test_lenet_stage_table_values():
    model, spec = load_model("lenet"), get_spec("lenet")
    table = stage_table(model, spec, [3])
    assert list(table["layers"]) == ["conv1 … pool1", "conv2 … fc2"]
    assert list(table["out_shape"]) == ["10×12×12", "10"]
    assert table["sent_bytes_per_sample"].iloc[0] == 4 * 10 * 12 * 12
    # conv1: 24·24 outputs × 10 channels × 25 weights × 2 FLOPs (+ nothing else counted)
    assert table["flops_per_sample"].iloc[0] == 24 * 24 * 10 * 25 * 2
    assert table["params"].tolist() == [260, 21580]


def test_default_split_balances_flops_then_sends_least():
    lenet, vit = load_model("lenet"), load_model("tiny_vit")
    # conv2 is the heaviest layer: it starts stage 1, right after the pooling (smallest tensor).
    assert default_split(lenet, 2, get_spec("lenet")) == [3]
    assert default_split(vit, 2, get_spec("tiny_vit")) == [3]
    assert default_split(vit, 4, get_spec("tiny_vit")) == [2, 3, 4]
    x, _ = digits_batch(2)
    assert default_split(mlp(), 2, inputs=(x,)) == [2]  # the 784→32 layer outweighs the rest


@pytest.mark.parametrize(
    ("points", "key"),
    [
        ([0], "parallel.error.split_points"),
        ([10], "parallel.error.split_points"),
        ([3, 3], "parallel.error.split_points"),
        ([5, 3], "parallel.error.split_points"),
        ([2.5], "parallel.error.split_points"),
        ([], "parallel.error.stage_count"),
        ([1, 2, 3, 4, 5, 6, 7, 8], "parallel.error.stage_count"),
    ],
)
def test_invalid_split_points_are_refused(points, key):
    with pytest.raises(UserFacingError) as caught:
        check_split(10, points)
    assert caught.value.key == key


def test_split_error_values():
    with pytest.raises(UserFacingError) as caught:
        stage_table(load_model("lenet"), get_spec("lenet"), [4, 2])
    assert caught.value.values == {"points": "4, 2", "last": 9}
    with pytest.raises(UserFacingError) as caught:
        check_split(10, [1, 2, 3, 4], stages_range=(2, 4))
    assert caught.value.values == {"stages": 5, "low": 2, "high": 4}
    assert check_split(10, [3, 6]) == [(0, 3), (3, 6), (6, 10)]


@pytest.mark.parametrize("p", [2, 3, 4])
@pytest.mark.parametrize("m", [1, 2, 3, 4, 8, 16])
def test_ideal_gpipe_bubble_equals_the_formula_exactly(p, m):
    events = ideal_schedule("gpipe", p, m)
    assert bubble_fraction(events) == (p - 1) / (m + p - 1)
    assert formula_bubble("gpipe", p, m) == (p - 1) / (m + p - 1)


@pytest.mark.parametrize(("p", "m"), [(2, 2), (2, 4), (3, 3), (4, 8), (4, 16)])
def test_ideal_1f1b_and_interleaved_bubbles(p, m):
    assert bubble_fraction(ideal_schedule("1f1b", p, m)) == pytest.approx((p - 1) / (m + p - 1))
    # Two half-length stages per process: the bubble shrinks to (p − 1) / (2m + p − 1).
    interleaved = bubble_fraction(ideal_schedule("interleaved_1f1b", p, m))
    assert interleaved == pytest.approx((p - 1) / (2 * m + p - 1))
    assert interleaved == pytest.approx(formula_bubble("interleaved_1f1b", p, m))


# Interleaved 1F1B with fewer micro-batches than processes, which torch accepts: the ideal chart
# drawn from torch's own order idles (2p − m − 1) / (m + 2p − 1) of the step, more than the
# formula (p − 1) / (2m + p − 1) says, and the page must show the chart's number.
@pytest.mark.parametrize(
    ("p", "m", "idle", "formula"),
    [
        (2, 1, 1 / 2, 1 / 3),
        (3, 1, 2 / 3, 1 / 2),
        (3, 2, 3 / 7, 1 / 3),
        (4, 1, 3 / 4, 3 / 5),
        (4, 2, 5 / 9, 3 / 7),
        (4, 3, 2 / 5, 1 / 3),
    ],
)
def test_interleaved_with_fewer_microbatches_than_processes(p, m, idle, formula):
    assert ideal_bubble("interleaved_1f1b", p, m) == pytest.approx(idle)
    assert formula_bubble("interleaved_1f1b", p, m) == pytest.approx(formula)
    assert not formula_applies("interleaved_1f1b", p, m)
    # The number is the chart's own grey: its idle bars over p rows of the whole step.
    events = ideal_schedule("interleaved_1f1b", p, m)
    gaps = idle_intervals(events)
    span = events["end_s"].max() - events["start_s"].min()
    assert (gaps["end_s"] - gaps["start_s"]).sum() / (p * span) == pytest.approx(idle)


def test_formula_applies_exactly_where_it_is_the_ideal_charts_bubble():
    checked = 0
    for schedule in SCHEDULES:
        for p in range(2, 5):
            for m in range(1, 17):
                try:
                    ideal = ideal_bubble(schedule, p, m)
                except UserFacingError:  # a count the schedule refuses
                    continue
                same = ideal == pytest.approx(formula_bubble(schedule, p, m))
                assert formula_applies(schedule, p, m) == same, (schedule, p, m)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("schedule", sorted(SCHEDULES))
def test_ideal_schedule_respects_dependencies(schedule):
    p, m = 2, 4
    events = ideal_schedule(schedule, p, m)
    n_stages = p * SCHEDULES[schedule].stages_per_rank
    assert len(events) == 2 * m * n_stages
    end = {(r.stage, r.kind, r.microbatch): r.end_s for r in events.itertuples()}
    for r in events.itertuples():
        if r.kind == "forward" and r.stage > 0:
            assert r.start_s >= end[(r.stage - 1, "forward", r.microbatch)]
        if r.kind == "backward":
            after = (r.stage, "forward") if r.stage == n_stages - 1 else (r.stage + 1, "backward")
            assert r.start_s >= end[(*after, r.microbatch)]
    for _, rank in events.groupby("rank"):
        rows = rank.sort_values("start_s")
        assert (rows["start_s"].iloc[1:].to_numpy() >= rows["end_s"].iloc[:-1].to_numpy()).all()


def test_rank_orders_follow_the_schedules():
    def short(order):
        return " ".join(f"{kind[0].upper()}{mb}" for _, kind, mb in order)

    assert short(rank_orders("gpipe", 2, 3)[1]) == "F0 F1 F2 B0 B1 B2"
    # torch's 1F1B: stage 0 of 2 warms up with 2 forwards, then alternates backward/forward;
    # the last stage alternates from the start.
    orders = rank_orders("1f1b", 2, 4)
    assert short(orders[0]) == "F0 F1 B0 F2 B1 F3 B2 B3"
    assert short(orders[1]) == "F0 B0 F1 B1 F2 B2 F3 B3"
    interleaved = rank_orders("interleaved_1f1b", 2, 4)
    assert {stage for stage, _, _ in interleaved[0]} == {0, 2}
    assert {stage for stage, _, _ in interleaved[1]} == {1, 3}


@pytest.mark.parametrize(
    ("call", "key", "values"),
    [
        (
            lambda: rank_orders("1f1b", 4, 2),
            "parallel.error.too_few_microbatches",
            {"microbatches": 2, "processes": 4},
        ),
        (
            lambda: rank_orders("interleaved_1f1b", 2, 5),
            "parallel.error.interleaved_microbatches",
            {"microbatches": 5, "processes": 2},
        ),
        (
            lambda: rank_orders("zero_bubble", 2, 4),
            "parallel.error.unknown_schedule",
            {"schedule": "zero_bubble", "known": "gpipe, 1f1b, interleaved_1f1b"},
        ),
        (
            lambda: rank_orders("gpipe", 5, 4),
            "parallel.error.processes",
            {"processes": 5, "low": 2, "high": 4},
        ),
        (
            lambda: rank_orders("gpipe", 2, 17),
            "parallel.error.microbatches",
            {"microbatches": 17, "low": 1, "high": 16},
        ),
        (
            lambda: check_pipeline(10, [3], "gpipe", 4, 30),
            "parallel.error.batch",
            {"batch": 30, "low": 8, "high": 512, "multiple": 4},
        ),
    ],
)
def test_pipeline_requests_are_checked(call, key, values):
    with pytest.raises(UserFacingError) as caught:
        call()
    assert caught.value.key == key
    assert caught.value.values == values


def test_interleaved_needs_an_even_stage_count():
    with pytest.raises(UserFacingError) as caught:
        check_pipeline(10, [3, 6], "interleaved_1f1b", 4, 64)
    assert caught.value.key == "parallel.error.interleaved_stages"
    assert caught.value.values == {"stages": 3, "per_rank": 2}
    assert check_pipeline(10, [2, 4, 7], "interleaved_1f1b", 4, 64) == 2
    assert check_pipeline(10, [3], "gpipe", 4, 64) == 2


def test_bubble_fraction_by_hand():
    events = pd.DataFrame(
        [
            (0, 0, 0, "forward", 0.0, 1.0),
            (1, 1, 0, "forward", 1.0, 2.0),
            (1, 1, 0, "send", 2.0, 3.0),  # not compute: ignored
            (0, 0, 0, "backward", 3.0, 4.0),
            (0, 0, 1, "forward", 3.5, 3.75),  # overlaps: counted once
        ],
        columns=["rank", "stage", "microbatch", "kind", "start_s", "end_s"],
    )
    # span 0–4; rank 0 busy 2 (idle 2), rank 1 busy 1 (idle 3) → 5 / 8
    assert bubble_fraction(events) == 5 / 8
    gaps = idle_intervals(events)
    assert gaps.values.tolist() == [[0, 1.0, 3.0], [1, 0.0, 1.0], [1, 2.0, 4.0]]


def test_schedule_chart_draws_work_and_idle():
    events = ideal_schedule("gpipe", 3, 4)
    labels = {"forward": "前向", "backward": "反向", "idle": "空闲", "rank": "进程"}
    fig = schedule_chart(events, labels=labels, time_label="slot", time_scale=1)
    names = [trace.name for trace in fig.data]
    assert names == ["前向", "反向", "空闲"]
    assert list(fig.data[0].y[:1]) == ["进程 0"]
    idle = sum(fig.data[2].x)
    span = events["end_s"].max()
    assert idle == pytest.approx(bubble_fraction(events) * span * 3)
    hatched = schedule_chart(ideal_schedule("interleaved_1f1b", 2, 2), time_scale=1)
    assert set(hatched.data[0].marker.pattern.shape) == {"", "/"}


def test_time_breakdown_chart_stacks_series():
    table = pd.DataFrame({"stage": [0, 1], "compute_s": [0.002, 0.003], "wait_s": [0.0, 0.002]})
    fig = time_breakdown_chart(table, {"compute_s": "compute", "wait_s": "wait"})
    assert [t.name for t in fig.data] == ["compute", "wait"]
    assert list(fig.data[0].x) == ["stage 0", "stage 1"]
    assert list(fig.data[1].y) == pytest.approx([0.0, 2.0])
    assert fig.layout.barmode == "stack"


def test_every_exported_name_resolves():
    import components.parallel as parallel

    assert all(getattr(parallel, name) is not None for name in parallel.__all__)
    with pytest.raises(AttributeError):
        _ = parallel.no_such_name


def test_worker_starts_its_parent_watchdog_before_importing_torch():
    code = "import sys, components.parallel.worker; print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_worker_processes_import_no_dashboard():
    """What a worker imports: never streamlit, plotly or transformers (seconds of start-up)."""
    code = (
        "import sys, components.parallel.worker, components.parallel.pipeline, "
        "components.parallel.model_parallel, components.parallel.data_parallel; "
        "print(sorted(m for m in ('streamlit', 'plotly', 'transformers', 'dashboard') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
