"""Operator families: what kind of work an operator does, for torch (``aten::addmm``) and ONNX
Runtime (``MatMul``) operators alike.

The attention family is decided by context as well as by name: a batched matrix product of two
activations (``bmm``/``matmul`` outside ``aten::linear``, or an ONNX ``MatMul`` with no weight
input) is an attention-score or attention-value product, which scales with heads × tokens²
and which channel pruning does not shrink; a product with a weight matrix is a linear layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """One operator family: its key, its colour on every chart, and the name patterns
    (lower-case regular expressions searched in the operator's name) that belong to it."""

    key: str
    colour: str
    patterns: tuple[str, ...] = ()

    @property
    def label_key(self) -> str:
        return f"profile.family.{self.key}"


# Colours: Okabe & Ito's colour-blind-safe set (as components.figures), grey for data movement,
# black for compiled fused kernels, light grey for the rest.
# Order matters: the first family whose pattern matches wins (quantize before linear, so that
# ``quantize_per_tensor`` is not taken for a linear layer; movement last among the named ones).
FAMILIES: tuple[Family, ...] = (
    Family(
        "quantize",
        "#CC79A7",
        (
            r"quantize_per",
            r"^aten::dequantize",
            r"dequantizelinear",
            r"^quantizelinear",
            r"dynamicquantizelinear",
            r"choose_qparams",
            r"fake_quant",
        ),
    ),
    Family(
        "attention",
        "#D55E00",
        (
            r"softmax",
            r"scaled_dot_product",
            r"multi_head_attention",
            r"transform_bias_rescale_qkv",
            r"^attention$",
            r"multiheadattention",
        ),
    ),
    Family(
        "conv",
        "#E69F00",
        (r"conv", r"mkldnn_convolution"),
    ),
    Family(
        "linear",
        "#0072B2",
        (
            r"^aten::(addmm|mm|linear|addmv|mv|bmm|baddbmm|matmul|einsum|dot)$",
            r"^quantized::linear",
            r"^(matmul|gemm|fusedgemm|fusedmatmul|matmulinteger|matmulintegertofloat)$",
            r"dynamicquantizematmul",
            r"fbgemm",
        ),
    ),
    Family(
        "norm",
        "#56B4E9",
        (r"layer_norm", r"layernorm", r"batch_norm", r"batchnorm", r"group_norm", r"rms_norm"),
    ),
    Family(
        "movement",
        "#7f7f7f",
        (
            r"^aten::(view|_unsafe_view|reshape|_reshape_alias|permute|transpose|t|contiguous)$",
            r"^aten::(copy_|clone|cat|stack|split|split_with_sizes|chunk|unbind|narrow)$",
            r"^aten::(slice|select|expand|unsqueeze|squeeze|flatten|as_strided|as_strided_)$",
            r"^aten::(empty|empty_like|empty_strided|zeros|ones|zeros_like|ones_like|fill_)$",
            r"^aten::(to|_to_copy|detach|alias|lift_fresh|index_select|embedding|index)$",
            r"^aten::(resolve_conj|resolve_neg|new_empty|new_zeros|item|_local_scalar_dense)$",
            r"^aten::(repeat|expand_as|view_as|type_as|masked_select|gather|scatter)$",
            r"^(reshape|transpose|concat|gather|slice|unsqueeze|squeeze|shape|expand|identity)$",
            r"^(cast|split|flatten|constantofshape|range|tile|reorderoutput|reorderinput)$",
        ),
    ),
    Family(
        "elementwise",
        "#009E73",
        (
            r"^aten::(add|add_|sub|mul|mul_|div|div_|neg|pow|sqrt|rsqrt|exp|log|abs)$",
            r"^aten::(relu|relu_|gelu|silu|sigmoid|tanh|erf|clamp|clamp_min|clamp_min_)$",
            r"^aten::(hardtanh|hardtanh_|leaky_relu|threshold|where|masked_fill|masked_fill_)$",
            r"^aten::(dropout|feature_dropout|mean|sum|amax|max|min|argmax|norm|cumsum)$",
            r"^aten::(max_pool2d|max_pool2d_with_indices|avg_pool2d|adaptive_avg_pool2d)$",
            r"^aten::(adaptive_max_pool2d|mish|softplus|rsub|eq|ne|lt|gt|ge|le|bitwise_not)$",
            r"^aten::(logical_not|reciprocal|square|erfinv|minimum|maximum|lerp|addcmul)$",
            r"^(add|sub|mul|div|relu|gelu|fastgelu|biasgelu|sigmoid|tanh|erf|sqrt|pow)$",
            r"^(maxpool|averagepool|globalaveragepool|reducemean|reducesum|reducemax|where)$",
            r"^(equal|not|clip|neg|exp|log|min|max|leakyrelu|quickgelu|biasadd|reducel2)$",
            r"^aten::(linalg_vector_norm|all|any)$",
        ),
    ),
    Family("fused", "#000000", (r"compiledfxgraph", r"cpp_fused", r"torch-compiled region")),
    Family("other", "#c8c8c8"),
)
FAMILY_ORDER: tuple[str, ...] = tuple(f.key for f in FAMILIES)
BY_KEY = {f.key: f for f in FAMILIES}
_COMPILED = [(f.key, [re.compile(p) for p in f.patterns]) for f in FAMILIES]

# Products of two tensors: a linear layer when one of them is a weight, attention otherwise.
PRODUCTS = re.compile(r"^(aten::(bmm|baddbmm|matmul|einsum)|matmul|fusedmatmul)$")


def family_of(name: str, *, weight_product: bool | None = None) -> str:
    """The family key of the operator ``name``.

    Args:
        name: a torch operator (``aten::addmm``, ``quantized::linear_dynamic``) or an ONNX
            Runtime op type (``MatMul``), any case.
        weight_product: for a matrix product, whether one operand is a weight (inside
            ``aten::linear``, or an ONNX initializer): True → linear, False → attention, None
            (not known) → by name alone.
    """
    lower = name.lower()
    if weight_product is False and PRODUCTS.match(lower):
        return "attention"
    for key, patterns in _COMPILED:
        if any(p.search(lower) for p in patterns):
            return key
    return "other"
