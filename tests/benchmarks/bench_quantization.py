"""Benchmark: every quantization method on every zoo model, against fp32, in one process.

Latency is measured in interleaved rounds (fp32 and each variant once per round, with
:func:`components.latency.measure_latency`) and the ratio is taken *within* each round: this
machine is shared and timings swing 2–4× between minutes, ratios much less. Reported: median over
rounds of each variant's median, the median IQR, and the median (min–max) of per-round ratios.

Also measured, as references the page does not offer: torchao's eager int8 paths, MiniLM with
8-bit activations (torch.ao's dynamic Linear with ``reduce_range`` off), and the torchao PT2E
static path (``--pt2e``: eager and ``torch.compile(freezing)``, 10–20 s of compiling per model).
Then the sensitive-layer trade-off on MiniLM: keep the k most sensitive layers in fp32.

Run: ``.venv/bin/python -m tests.benchmarks.bench_quantization [--rounds 5] [--pt2e]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from dataclasses import dataclass, field

import torch
from torch import nn

from components.errors import UserFacingError
from components.fidelity import compare_outputs, model_outputs
from components.latency import measure_latency
from components.profile import serialized_size_bytes
from components.quality import evaluate
from components.quantization import (
    QuantSettings,
    cpu_features,
    layer_quant_error,
    layer_sensitivity,
    quantize_model,
)
from components.shared_models import working_copy
from models.registry import REGISTRY, ModelSpec, load_model

BATCH = {"lenet": 64, "tiny_vit": 64, "minilm": 8}  # minilm: 8 sentences × 32 tokens
VARIANTS: dict[str, QuantSettings] = {
    "dynamic_int8 per-tensor": QuantSettings("dynamic_int8", per_channel=False),
    "dynamic_int8 per-channel": QuantSettings("dynamic_int8", per_channel=True),
    "static_int8 per-channel": QuantSettings("static_int8", per_channel=True),
    "fp16": QuantSettings("fp16"),
    "bf16": QuantSettings("bf16"),
}
KEEP_K = (0, 1, 2, 4, 6)
TORCHAO_CONFIGS = {
    "torchao int8 dyn-act + weight": "Int8DynamicActivationInt8WeightConfig",
    "torchao int8 weight-only": "Int8WeightOnlyConfig",
}


@dataclass
class Row:
    label: str
    model: nn.Module
    note: str = ""
    times: list[float] = field(default_factory=list)  # per-round medians, seconds
    iqrs: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)  # vs fp32 in the same round


def time_rounds(rows: list[Row], inputs: tuple[torch.Tensor, ...], rounds: int, threads: int):
    """Fill each row's times/ratios; rows[0] is the fp32 reference."""
    for _ in range(rounds):
        base = None
        for row in rows:
            r = measure_latency(row.model, inputs, threads=threads, min_run_time=0.15)
            base = base or r.median_s
            row.times.append(r.median_s)
            row.iqrs.append(r.iqr_s)
            row.ratios.append(r.median_s / base)


def print_table(spec: ModelSpec, rows: list[Row], reference: torch.Tensor) -> None:
    print(
        f"{'variant':34} {'median ms':>9} {'IQR ms':>7} {'ratio (min–max)':>19} "
        f"{'size bytes':>11} {spec.task[:14]:>10} {'agree':>6} {'cosine':>8}"
    )
    for row in rows:
        ratio = statistics.median(row.ratios)
        spread = f"{ratio:.2f} ({min(row.ratios):.2f}–{max(row.ratios):.2f})"
        line = (
            f"{row.label:34} {statistics.median(row.times) * 1e3:9.2f} "
            f"{statistics.median(row.iqrs) * 1e3:7.2f} {spread:>19} "
            f"{serialized_size_bytes(row.model):11d} "
        )
        try:
            quality = evaluate(row.model, spec).value
            fid = compare_outputs(reference, model_outputs(row.model, spec), spec.task)
            line += f"{quality:10.3f} {fid.agreement:6.3f} {fid.mean_cosine:8.4f}"
        except Exception as err:  # the compiled PT2E reference fails at other batch sizes
            line += f"{'evaluation failed: ' + type(err).__name__:>26}"
        print(line + (f"  {row.note}" if row.note else ""))


def torchao_variant(model: nn.Module, config_name: str) -> nn.Module:
    import torchao.quantization as ao
    from torchao.quantization import quantize_

    copy = working_copy(model)
    quantize_(copy, getattr(ao, config_name)())
    return copy


def eight_bit_activations(model: nn.Module) -> nn.Module:
    """torch.ao dynamic Linear with ``reduce_range`` off: modules of version < 4 call
    ``quantized.linear_dynamic`` without it (0…255 activations). Safe only with VNNI/AMX, whose
    int8 dot products accumulate in int32 (AVX2's vpmaddubsw saturates 16-bit pairs)."""
    for module in model.modules():
        if isinstance(module, torch.ao.nn.quantized.dynamic.Linear):
            module.version = 3
    return model


def pt2e_rows(model: nn.Module, spec: ModelSpec, inputs) -> list[Row]:
    from torch._inductor import config as inductor_config
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e
    from torchao.quantization.pt2e.quantizer import x86_inductor_quantizer as xiq

    batch = torch.export.Dim("batch", min=1, max=4096)
    exported = torch.export.export(
        working_copy(model), inputs, dynamic_shapes=({0: batch},)
    ).module()
    quantizer = xiq.X86InductorQuantizer().set_global(
        xiq.get_default_x86_inductor_quantization_config()
    )
    prepared = prepare_pt2e(exported, quantizer)
    x = spec.load_data().x_train
    for i in range(8):
        prepared(x[i * 32 : (i + 1) * 32])
    converted = convert_pt2e(prepared)
    inductor_config.freezing = True
    start = time.perf_counter()
    with torch.no_grad():
        compiled = torch.compile(converted)
        compiled(*inputs)
    seconds = time.perf_counter() - start
    return [
        Row("torchao PT2E static (eager)", converted, "reference"),
        Row("torchao PT2E static (compiled)", compiled, f"reference, compile {seconds:.0f} s"),
    ]


def bench_model(name: str, rounds: int, threads: int, pt2e: bool) -> None:
    spec = REGISTRY[name]
    original = load_model(name)
    inputs = spec.example_input(original, BATCH[name])
    shape = "×".join(str(d) for d in inputs[0].shape)
    print(f"\n## {name}: batch {BATCH[name]} (input {shape}), {threads} threads, {rounds} rounds")
    rows = [Row("fp32", original)]
    for label, settings in VARIANTS.items():
        start = time.perf_counter()
        try:
            result = quantize_model(original, spec, settings)
        except UserFacingError as err:
            print(f"{label:34} not supported: {err}")
            continue
        seconds = time.perf_counter() - start
        rows.append(Row(label, result.model, f"quantize {seconds:.1f} s"))
    for label, config in TORCHAO_CONFIGS.items():
        rows.append(Row(label, torchao_variant(original, config), "reference (eager)"))
    if name == "minilm":
        dyn = quantize_model(original, spec, VARIANTS["dynamic_int8 per-channel"]).model
        model = eight_bit_activations(dyn)
        rows.append(Row("dynamic_int8 pc, 8-bit activations", model, "experiment (needs VNNI)"))
    if pt2e and spec.input_kind == "image":
        rows += pt2e_rows(original, spec, inputs)
    time_rounds(rows, inputs, rounds, threads)
    print_table(spec, rows, model_outputs(original, spec))


def bench_keep_fp32(rounds: int, threads: int) -> None:
    """MiniLM, dynamic int8 per-channel: keep the k most sensitive layers in fp32."""
    name = "minilm"
    spec = REGISTRY[name]
    original = load_model(name)
    inputs = spec.example_input(original, BATCH[name])
    reference = model_outputs(original, spec)
    settings = VARIANTS["dynamic_int8 per-channel"]
    start = time.perf_counter()
    sweep = layer_sensitivity(original, spec, settings)
    sweep_s = time.perf_counter() - start
    local = layer_quant_error(original, spec, settings).sort_values("output_sqnr_db")
    rankings = {"sweep": sweep["name"].tolist(), "layer SQNR": local["name"].tolist()}
    print("\n## minilm: keep the k most sensitive layers in fp32 (dynamic int8 per-channel)")
    print(f"ranking sweep took {sweep_s:.1f} s; top 6 by sweep (drift = 1 − mean cosine):")
    for row in sweep.head(6).itertuples():
        print(f"  {row.name:48} {row.drift:.5f}")
    rows = [Row("fp32", original)]
    for ranking, names in rankings.items():
        for k in KEEP_K:
            keep = tuple(names[:k])
            model = quantize_model(original, spec, QuantSettings(keep_fp32=keep)).model
            rows.append(Row(f"k={k} ({ranking})", model))
    time_rounds(rows, inputs, rounds, threads)
    print(f"{'kept in fp32':24} {'ratio (min–max)':>19} {'mean cosine':>11} {'agreement':>9}")
    for row in rows[1:]:
        fid = compare_outputs(reference, model_outputs(row.model, spec), spec.task)
        ratio = statistics.median(row.ratios)
        spread = f"{ratio:.2f} ({min(row.ratios):.2f}–{max(row.ratios):.2f})"
        print(f"{row.label:24} {spread:>19} {fid.mean_cosine:11.4f} {fid.agreement:9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    # One thread by default: on this shared 2-core machine, 2 OpenMP threads wait at every
    # barrier for a descheduled sibling whenever another process runs, and timings jump 50×.
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--models", nargs="*", default=list(REGISTRY))
    parser.add_argument("--pt2e", action="store_true", help="also torchao PT2E (slow compile)")
    parser.add_argument("--no-keep", action="store_true", help="skip the keep-fp32 trade-off")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # torch.ao deprecation, inductor copy-construct noise
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", "/tmp/modellens-inductor")
    torch.set_num_threads(args.threads)
    features = cpu_features()
    print(
        f"torch {torch.__version__}, {features.model_name} ({features.capability}; "
        f"VNNI {features.int8_dot}, native fp16 {features.fp16_native}, "
        f"native bf16 {features.bf16_native}), {os.cpu_count()} cores, quantized engine "
        f"{torch.backends.quantized.engine}; torch.utils.benchmark medians, eager mode"
    )
    for name in args.models:
        bench_model(name, args.rounds, args.threads, args.pt2e)
    if not args.no_keep and "minilm" in args.models:
        bench_keep_fp32(args.rounds, args.threads)


if __name__ == "__main__":
    main()
