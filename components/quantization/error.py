"""How much each layer loses to quantization: weight SQNR, and the layer's output error on real
data with the weights *and* inputs in the method's number format."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from components.quantization.schemes import ActivationRoundtrip, roundtrip_weight
from components.quantization.settings import QuantSettings
from components.quantization.static import calibration_batches
from components.quantization.targets import quantizable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec

LAYER_ERROR_COLUMNS = ["name", "type", "quantized", "sqnr_db", "cosine", "output_sqnr_db"]
ERROR_SAMPLES = 64  # digits or sentences whose layer outputs are compared


def sqnr_db(signal: torch.Tensor, approx: torch.Tensor) -> float:
    """10·log10(‖signal‖² / ‖signal − approx‖²); every 6 dB is about one bit."""
    noise = float((signal - approx).float().pow(2).sum(dtype=torch.float64))
    power = float(signal.float().pow(2).sum(dtype=torch.float64))
    return math.inf if noise == 0 else 10 * math.log10(power / noise)


@contextmanager
def recorded_io(
    model: nn.Module, names: Sequence[str]
) -> Iterator[dict[str, list[tuple[torch.Tensor, torch.Tensor]]]]:
    """Record (first input, output) of the named modules on every forward; hooks are removed
    on exit, also after an error."""
    records: dict[str, list[tuple[torch.Tensor, torch.Tensor]]] = {n: [] for n in names}
    modules = dict(model.named_modules())
    handles = [
        modules[name].register_forward_hook(
            lambda _m, args, out, name=name: records[name].append((args[0], out))
        )
        for name in names
    ]
    try:
        yield records
    finally:
        for handle in handles:
            handle.remove()


def layer_forward(module: nn.Module, x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """``module``'s computation with ``weight`` in place of its own."""
    if isinstance(module, nn.Embedding):
        return F.embedding(x, weight, module.padding_idx)
    if isinstance(module, nn.Linear):
        return F.linear(x, weight, module.bias)
    return module._conv_forward(x, weight, module.bias)  # nn.Conv1d/2d/3d


def error_batches(
    model: nn.Module, spec: ModelSpec, settings: QuantSettings
) -> list[tuple[torch.Tensor, ...]]:
    """Real inputs: the shipped sentences, or training digits — all calibration batches for
    static int8 (its activation ranges depend on them), else :data:`ERROR_SAMPLES` digits."""
    if spec.input_kind == "text":
        batch = model.tokenize(spec.load_data().sentences[:ERROR_SAMPLES])
        return [(batch["input_ids"], batch["attention_mask"])]
    inputs = getattr(spec.load_data(), "test_inputs", ())
    if len(inputs) > 1:  # a brought model with several inputs: its test rows
        return [tuple(x[:ERROR_SAMPLES] for x in inputs)]
    count = (
        settings.calibration_batches
        if settings.method == "static_int8"
        else ERROR_SAMPLES // settings.CALIBRATION_BATCH
    )
    return [(batch,) for batch in calibration_batches(spec, count)]


def layer_quant_error(model: nn.Module, spec: ModelSpec, settings: QuantSettings) -> pd.DataFrame:
    """One row per layer the method converts (kept-fp32 layers too, marked ``quantized=False``):
    weight SQNR and cosine (weight vs its round trip through the method's format), and
    ``output_sqnr_db``: the layer's output on real inputs, fp32 against weights and input in
    the method's format. ``model`` is not touched: hooks go on a private copy."""
    copy = working_copy(model).eval()
    layers = quantizable_layers(copy, settings.method)
    names = [name for name, _ in layers]
    with recorded_io(copy, names) as records, torch.inference_mode():
        for args in error_batches(copy, spec, settings):
            copy(*args)
    rows = []
    for name, module in layers:
        rows.append(_layer_row(name, module, records[name], settings))
    return pd.DataFrame(rows, columns=LAYER_ERROR_COLUMNS)


@torch.no_grad()
def _layer_row(
    name: str,
    module: nn.Module,
    records: list[tuple[torch.Tensor, torch.Tensor]],
    settings: QuantSettings,
) -> dict[str, object]:
    weight = module.weight.detach()
    approx = roundtrip_weight(weight, settings.method, settings.per_channel)
    act = ActivationRoundtrip(settings.method)
    for x, _ in records:
        act.observe(x)
    samples = records[: max(1, ERROR_SAMPLES // settings.CALIBRATION_BATCH)]
    output_sqnr = math.nan
    if samples:  # a layer that never ran has no output error
        exact = torch.cat([y.flatten() for _, y in samples])
        rounded = torch.cat([layer_forward(module, act(x), approx).flatten() for x, _ in samples])
        output_sqnr = sqnr_db(exact, rounded)
    return {
        "name": name,
        "type": type(module).__name__,
        "quantized": name not in settings.keep_fp32,
        "sqnr_db": sqnr_db(weight, approx),
        "cosine": float(
            F.cosine_similarity(weight.double().flatten(), approx.double().flatten(), dim=0)
        ),
        "output_sqnr_db": output_sqnr,
    }
