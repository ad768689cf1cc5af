"""Which layers each method turns into int8 or half precision, and the model facts notes use."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from torch import nn

CONV_TYPES: tuple[type[nn.Module], ...] = (nn.Conv1d, nn.Conv2d, nn.Conv3d)

# Exact types, as torch.ao's module mappings match them: ``type(m) in mapping``. Subclasses such as
# MultiheadAttention's ``NonDynamicallyQuantizableLinear`` are deliberately not swapped.
INT8_TYPES: dict[str, tuple[type[nn.Module], ...]] = {
    "dynamic_int8": (nn.Linear,),  # quantize_dynamic's default set (plus RNNs, absent here)
    "static_int8": (nn.Linear, *CONV_TYPES),  # the weighted layers FX gives int8 kernels
}
TRANSFORMER_LAYERS = (nn.TransformerEncoderLayer, nn.TransformerDecoderLayer)
HALF_TYPES: tuple[type[nn.Module], ...] = (nn.Linear, nn.Embedding, *CONV_TYPES)


def _inside_attention(model: nn.Module) -> set[str]:
    """Names of modules inside an ``nn.MultiheadAttention``: it passes ``out_proj.weight`` to
    ``F.multi_head_attention_forward`` instead of calling the module, so a hook there sees
    nothing and swapping it breaks the forward (tried: ``quantize_dynamic`` on ``out_proj`` →
    AttributeError). Static int8 of attention would need torch.ao's custom-module flow
    (``torch.ao.nn.quantizable.MultiheadAttention``); the attention stays fp32 here."""
    inside: set[str] = set()
    for name, module in model.named_modules():
        if isinstance(module, nn.MultiheadAttention):
            inside.update(f"{name}.{child}" for child, _ in module.named_modules() if child)
        elif isinstance(module, TRANSFORMER_LAYERS):
            # Their forward reads linear1.weight/linear2.weight (fast-path check): an int8 layer
            # keeps its weight packed and the forward fails (tried: AttributeError).
            inside.update((f"{name}.linear1", f"{name}.linear2"))
    return inside


def quantizable_layers(model: nn.Module, method: str) -> list[tuple[str, nn.Module]]:
    """(name, module) of every layer ``method`` converts, in model order.

    int8 methods: exact ``nn.Linear`` (dynamic) or ``nn.Linear``/convolutions (static); half
    precision: also embeddings (everything is cast, but these are the weight matrices).
    """
    skip = _inside_attention(model)
    if method in INT8_TYPES:
        types = INT8_TYPES[method]

        def wanted(module: nn.Module) -> bool:
            return type(module) in types
    else:

        def wanted(module: nn.Module) -> bool:
            return isinstance(module, HALF_TYPES)

    return [(n, m) for n, m in model.named_modules() if n not in skip and wanted(m)]


def has_module(model: nn.Module, types: type[nn.Module] | tuple[type[nn.Module], ...]) -> bool:
    return any(isinstance(m, types) for m in model.modules())


@contextmanager
def quiet_torch_ao() -> Iterator[None]:
    """Silence what torch.ao says on every call in torch 2.13 (deprecated in favour of torchao,
    ``reduce_range`` will be deprecated, quantized tensor creation): the page states the library
    used, and these would flood the server log. Other warnings still show."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated")
        warnings.filterwarnings("ignore", message=r"Please use quant_min and quant_max")
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor, torch\.quantize")
        yield
