"""The number formats each method uses, as round trips (value → format → float32) built from
torch's own observers and ``quantize_per_channel`` / ``quantize_per_tensor``, so that error
tables and histograms show exactly the grid the quantized model was built with."""

from __future__ import annotations

import torch
from torch.ao.quantization import default_per_channel_weight_observer, default_weight_observer
from torch.ao.quantization.observer import HistogramObserver

from components.quantization.settings import HALF_DTYPES
from components.quantization.targets import quiet_torch_ao

WEIGHT_DTYPE = torch.qint8  # symmetric int8 weights, -128…127, zero point 0 (fbgemm / x86)
ACTIVATION_DTYPE = torch.quint8  # activations: unsigned, 0…127 on x86 (reduce_range)


def weight_qparams(weight: torch.Tensor, per_channel: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """(scale, zero_point) as the dynamic and static methods' weight observers compute them:
    one pair per output channel (axis 0) or one for the whole tensor."""
    observer = (default_per_channel_weight_observer if per_channel else default_weight_observer)()
    with quiet_torch_ao():
        observer(weight.detach().float())
        scale, zero_point = observer.calculate_qparams()
    return scale, zero_point


def quantize_weight(weight: torch.Tensor, per_channel: bool) -> torch.Tensor:
    """``weight`` as a quantized qint8 tensor (per-channel on axis 0, or per-tensor)."""
    w = weight.detach().float()
    scale, zero_point = weight_qparams(w, per_channel)
    with quiet_torch_ao():
        if per_channel:
            return torch.quantize_per_channel(w, scale, zero_point, 0, WEIGHT_DTYPE)
        return torch.quantize_per_tensor(w, float(scale), int(zero_point), WEIGHT_DTYPE)


def roundtrip_weight(weight: torch.Tensor, method: str, per_channel: bool) -> torch.Tensor:
    """The float32 values the quantized layer really computes with."""
    if method in HALF_DTYPES:
        return weight.detach().to(HALF_DTYPES[method]).float()
    return quantize_weight(weight, per_channel).dequantize()


class ActivationRoundtrip:
    """The input a quantized layer really sees, for one method.

    dynamic int8: per-tensor quint8 chosen from each batch's own min/max, 7 bits on x86
    (``torch.quantize_per_tensor_dynamic(..., reduce_range=True)``, as the fbgemm kernel does);
    static int8: per-tensor quint8 with the range the x86 histogram observer fixed on the
    calibration batches (call :meth:`observe` on each first); fp16/bf16: the cast.
    """

    def __init__(self, method: str):
        self.method = method
        self.observer = None
        if method == "static_int8":
            with quiet_torch_ao():
                self.observer = HistogramObserver(reduce_range=True)

    def observe(self, x: torch.Tensor) -> None:
        if self.observer is not None and x.is_floating_point():
            with quiet_torch_ao():
                self.observer(x.detach().float())

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if not x.is_floating_point():
            return x  # token ids
        if self.method in HALF_DTYPES:
            return x.to(HALF_DTYPES[self.method]).float()
        with quiet_torch_ao():
            if self.observer is None:
                q = torch.quantize_per_tensor_dynamic(x.float(), ACTIVATION_DTYPE, True)
            else:
                scale, zero_point = self.observer.calculate_qparams()
                q = torch.quantize_per_tensor(
                    x.float(), float(scale), int(zero_point), ACTIVATION_DTYPE
                )
        return q.dequantize()
