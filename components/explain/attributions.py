"""Attributions for the image models: which pixels made the model predict a class.

Every method is a captum call (see :mod:`components.explain.methods`) run on a private copy of
the model: captum hooks the modules it explains, and the model handed in is a cached model that
other sessions use at the same time. A copy costs 0.6 ms for LeNet and 1.9 ms for TinyViT
(measured), so every call makes its own.

The baseline of Integrated Gradients, DeepLift, Occlusion, LIME and Kernel SHAP is a blank digit:
every pixel black (0, no ink) mapped through the test split's normalisation, ``normalise(0)`` ≈
−0.94. "Removing" a pixel therefore means erasing its ink.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np
import torch
from captum.attr._core.deep_lift import SUPPORTED_NON_LINEAR
from torch import nn

from components.errors import UserFacingError
from components.explain.counting import count_passes
from components.explain.methods import (
    ATTRIBUTION_METHODS,
    AttributionCall,
    AttributionMethod,
    ParamValue,
    Requirement,
    conv_layers,
    resolve_layer,
    seeded_rng,
)
from components.explain.scale import blank_like
from components.i18n import t
from components.progress import ProgressFn, no_progress
from components.shared_models import leftover_hooks, working_copy
from models.registry import ModelSpec

# DeepLift and Guided Backprop announce on every call that they hook the model's activations
# (and remove the hooks afterwards): true, and on a private copy here. Filtered once, for those
# messages only, because warnings.catch_warnings is not thread-safe.
warnings.filterwarnings(
    "ignore", message=r"Setting (forward, backward hooks and attributes|backward hooks on ReLU)"
)

ERROR_KEYS = (
    "explain.error.method_na",
    "explain.error.unknown_method",
    "explain.error.unknown_param",
    "explain.error.param_range",
    "explain.error.param_choice",
    "explain.error.unknown_conv_layer",
    "explain.error.input_shape",
    "explain.error.input_mismatch",
    "explain.error.bad_target",
)
REASON_KEYS: dict[Requirement, str] = {  # what applicable_methods returns when one is unmet
    "image": "explain.reason.image_only",
    "gradients": "explain.reason.no_gradients",
    "conv": "explain.reason.no_conv",
    "relu": "explain.reason.no_relu",
    "deeplift_rules": "explain.reason.deeplift_rules",
}

RELU_VARIANT_KEY = "explain.reason.relu_variant"
RELU_VARIANTS = (nn.ReLU6, nn.LeakyReLU, nn.PReLU, nn.RReLU, nn.ELU, nn.SELU, nn.CELU)

# Modules DeepLift may meet besides those it has rules for: they are linear (or affine in eval
# mode), so the plain gradient through them is exactly DeepLift's multiplier.
_DEEPLIFT_LINEAR = (
    nn.Linear,
    nn.Conv1d,
    nn.Conv2d,
    nn.Conv3d,
    nn.Flatten,
    nn.Unflatten,
    nn.Identity,
    nn.Dropout,
    nn.Dropout2d,
    nn.BatchNorm1d,
    nn.BatchNorm2d,
    nn.AvgPool2d,
    nn.AdaptiveAvgPool2d,
)
# Containers whose forward hides non-linear functional code (softmax inside attention).
_NONLINEAR_CONTAINERS = (
    nn.MultiheadAttention,
    nn.TransformerEncoderLayer,
    nn.TransformerDecoderLayer,
)


@dataclass(frozen=True, eq=False)  # eq=False: an ndarray field has no single truth value
class Explanation:
    """One attribution map and what it cost."""

    method: str
    attribution: np.ndarray  # (H, W) float32; signed where ATTRIBUTION_METHODS[method].signed
    target: int
    seconds: float  # wall time of the captum call alone (no copy, no checks)
    # Passes per image, however batched (see counting.py): IG at 50 steps runs 52 images
    # forward (the path, then input and baseline for the delta) and 50 backward.
    forward_passes: int
    backward_passes: int
    delta: float | None  # captum's convergence delta (IG, DeepLift); None for the others
    forward_calls: int = 0  # batched calls of the model's forward (IG 50 steps: 3)
    backward_calls: int = 0  # batched backward passes (IG 50 steps: 1)
    params: Mapping[str, ParamValue] = field(default_factory=dict)  # as resolved and used

    @property
    def score_change(self) -> float | None:
        """F(x) − F(baseline) for the target, which the map of a method with a convergence delta
        should add up to (captum's delta is the map's sum minus it); None for the others."""
        if self.delta is None:
            return None
        return float(self.attribution.sum(dtype=np.float64)) - self.delta


# --- which methods apply ------------------------------------------------------------------------


def _is_quantized(module: nn.Module) -> bool:
    return "quantized" in type(module).__module__.split(".")


def _deeplift_unsupported(model: nn.Module) -> list[str]:
    def unsupported(module: nn.Module) -> bool:
        if isinstance(module, _NONLINEAR_CONTAINERS):
            return True
        is_leaf = next(module.children(), None) is None
        known = type(module) in SUPPORTED_NON_LINEAR or isinstance(module, _DEEPLIFT_LINEAR)
        return is_leaf and not known

    return sorted({type(m).__name__ for m in model.modules() if unsupported(m)})


def _unmet(
    requirement: Requirement, model: nn.Module, spec: ModelSpec | None
) -> tuple[str, dict[str, object]] | None:
    """(reason key, its values) when ``model`` lacks ``requirement``, else None."""
    if requirement == "image":
        # Without a spec, a model with a tokenizer (MiniLM) is the text model.
        is_image = spec.input_kind == "image" if spec else not hasattr(model, "tokenize")
        return None if is_image else (REASON_KEYS["image"], {})
    if requirement == "gradients":
        quantized = any(_is_quantized(m) for m in model.modules())
        return (REASON_KEYS["gradients"], {}) if quantized else None
    if requirement == "conv":
        return None if conv_layers(model) else (REASON_KEYS["conv"], {})
    if requirement == "relu":
        if any(isinstance(m, nn.ReLU) for m in model.modules()):
            return None
        # ReLU6, LeakyReLU …: ReLU-like, but captum only rewrites the gradient at nn.ReLU.
        variants = any(isinstance(m, RELU_VARIANTS) for m in model.modules())
        return (RELU_VARIANT_KEY if variants else REASON_KEYS["relu"]), {}
    if requirement == "deeplift_rules":
        unsupported = _deeplift_unsupported(model)
        if unsupported:
            return REASON_KEYS["deeplift_rules"], {"layers": ", ".join(unsupported)}
        return None
    raise ValueError(f"unknown requirement {requirement!r}")


def _why_not(
    info: AttributionMethod, model: nn.Module, spec: ModelSpec | None
) -> tuple[str, dict[str, object]] | None:
    for requirement in info.requires:
        if (unmet := _unmet(requirement, model, spec)) is not None:
            return unmet
    return None


def i18n_keys() -> list[str]:
    """Every translation key this backend hands to the page (for the i18n test)."""
    keys = set(ERROR_KEYS) | set(REASON_KEYS.values()) | {RELU_VARIANT_KEY}
    for info in ATTRIBUTION_METHODS.values():
        keys.add(info.label_key)
        for param in info.params:
            keys.add(param.label_key)
            keys.update(param.choice_key(choice) for choice in param.choices)
    return sorted(keys)


def applicable_methods(model: nn.Module, spec: ModelSpec) -> dict[str, str | None]:
    """Every method → None where it applies to ``model``, else the i18n key of the reason.

    A reason's text takes one placeholder, ``{method}`` (the method's display name).
    """
    return {
        name: (None if (why := _why_not(info, model, spec)) is None else why[0])
        for name, info in ATTRIBUTION_METHODS.items()
    }


def _check_applicable(info: AttributionMethod, model: nn.Module, model_name: str) -> None:
    why = _why_not(info, model, None)
    if why is not None:
        reason_key, values = why
        raise UserFacingError(
            "explain.error.method_na",
            method=info.name,
            model=model_name,
            # English text for logs and the generic warning; pages translate reason_key with
            # t(reason_key, lang, method=<label>), as they do for applicable_methods' reasons.
            reason=t(reason_key, "en", method=t(info.label_key, "en")),
            reason_key=reason_key,
            **values,
        )


# --- parameters and inputs ----------------------------------------------------------------------


def _method(name: str) -> AttributionMethod:
    try:
        return ATTRIBUTION_METHODS[name]
    except KeyError:
        raise UserFacingError(
            "explain.error.unknown_method", method=name, known=", ".join(ATTRIBUTION_METHODS)
        ) from None


def resolve_params(
    method: str, params: Mapping[str, ParamValue] | None, model: nn.Module
) -> dict[str, ParamValue]:
    """Every parameter of ``method``: the given values, checked against their bounds, and the
    defaults for the rest (Grad-CAM's layer: the model's last conv layer).

    Raises:
        UserFacingError: ``explain.error.unknown_param``, ``explain.error.param_range``,
            ``explain.error.param_choice`` or ``explain.error.unknown_conv_layer``.
    """
    info = _method(method)
    if info.needs_conv:
        _check_applicable(info, model, type(model).__name__)  # a layer default needs a conv
    given = dict(params or {})
    known = [p.name for p in info.params]
    for name in given:
        if name not in known:
            raise UserFacingError(
                "explain.error.unknown_param", method=method, param=name, known=", ".join(known)
            )
    resolved: dict[str, ParamValue] = {}
    for spec in info.params:
        value = given.get(spec.name, spec.default)
        if spec.name == "layer":  # per-model choice
            layers = conv_layers(model)
            value = resolve_layer(model, str(value)) if value is not None else layers[-1]
        elif spec.kind == "choice":
            if value not in spec.choices:
                raise UserFacingError(
                    "explain.error.param_choice",
                    method=method,
                    param=spec.name,
                    value=value,
                    choices=", ".join(spec.choices),
                )
        else:
            number = _number(value)
            if (
                number is None
                or not spec.low <= number <= spec.high
                or (spec.kind == "int" and number != int(number))
            ):
                raise UserFacingError(
                    "explain.error.param_range",
                    method=method,
                    param=spec.name,
                    value=value,
                    low=spec.low,
                    high=spec.high,
                )
            value = int(number) if spec.kind == "int" else float(number)
        resolved[spec.name] = value
    return resolved


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def blank_baseline(x: torch.Tensor) -> torch.Tensor:
    """The baseline: an image with no ink (all pixels 0) in the model's input scale (see
    :mod:`components.explain.scale`)."""
    return blank_like(x)


def _checked_input(x: torch.Tensor) -> torch.Tensor:
    if not isinstance(x, torch.Tensor) or x.dim() != 4 or x.shape[0] != 1:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise UserFacingError("explain.error.input_shape", shape=shape)
    # A private clone: captum switches requires_grad on the tensor it gets, and the caller's
    # tensor may be in use by another thread.
    return x.detach().clone().float()


def _check_target(model: nn.Module, x: torch.Tensor, target: int, model_name: str) -> None:
    try:
        with torch.no_grad():
            classes = model(x).shape[-1]
    except Exception as exc:  # the model cannot take this input at all
        raise UserFacingError(
            "explain.error.input_mismatch", model=model_name, shape=tuple(x.shape)
        ) from exc
    if isinstance(target, bool) or not isinstance(target, int | np.integer):
        raise UserFacingError("explain.error.bad_target", target=target, classes=classes)
    if not 0 <= int(target) < classes:
        raise UserFacingError("explain.error.bad_target", target=target, classes=classes)


# --- explaining ----------------------------------------------------------------------------------


def explain_in_place(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    method: str,
    params: Mapping[str, ParamValue] | None = None,
    *,
    seed: int = 0,
    model_name: str | None = None,
) -> Explanation:
    """:func:`explain` on a model the caller owns (a fresh copy, a pruned variant): no copy.

    Never pass a shared model here: captum hooks it while it runs.
    """
    info = _method(method)
    name = model_name or type(model).__name__
    _check_applicable(info, model, name)
    resolved = resolve_params(method, params, model)
    x = _checked_input(x)
    _check_target(model, x, target, name)
    if "gradients" in info.requires:
        x.requires_grad_()  # what captum would do itself, with a warning
    call = AttributionCall(model, x, int(target), blank_baseline(x), resolved, seed)
    rng = seeded_rng(seed) if info.stochastic else nullcontext()
    with rng, count_passes(model) as passes:
        start = time.perf_counter()
        out = info.attribute(call)
        seconds = time.perf_counter() - start
    # (1, C, H, W) → (H, W): the digits have one channel; summing keeps the map additive.
    attribution = out.attribution.detach().float().sum(dim=(0, 1)).numpy()
    return Explanation(
        method=method,
        attribution=attribution,
        target=int(target),
        seconds=seconds,
        forward_passes=passes.examples,
        backward_passes=passes.backward_examples,
        delta=out.delta,
        forward_calls=passes.forward,
        backward_calls=passes.backward,
        params=resolved,
    )


def explain(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    method: str,
    params: Mapping[str, ParamValue] | None = None,
    *,
    seed: int = 0,
    model_name: str | None = None,
) -> Explanation:
    """Attribute ``model``'s score for class ``target`` on ``x`` to its pixels with ``method``.

    Args:
        model: a (possibly shared) image classifier; it is never hooked or changed: captum runs
            on a private copy.
        x: one input of shape (1, 1, 28, 28), normalised like the test split.
        target: the class to explain.
        method: a key of :data:`ATTRIBUTION_METHODS`.
        params: the method's parameters by name (:attr:`AttributionMethod.params`); missing ones
            take their defaults.
        seed: for the sampling methods (SmoothGrad, LIME, Kernel SHAP): same seed, same map.
        model_name: shown in error messages (default: the model's class name).

    Raises:
        UserFacingError: ``explain.error.method_na`` (the method does not apply to the model;
            ``values["reason_key"]`` names the reason), ``explain.error.unknown_method``, the
            parameter errors of :func:`resolve_params`, ``explain.error.input_shape``,
            ``explain.error.input_mismatch``, ``explain.error.bad_target``.
    """
    info = _method(method)
    _check_applicable(info, model, model_name or type(model).__name__)
    return explain_in_place(
        working_copy(model).eval(), x, target, method, params, seed=seed, model_name=model_name
    )


def method_grid(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    methods: Sequence[str],
    params: Mapping[str, Mapping[str, ParamValue]] | None = None,
    seed: int = 0,
    *,
    model_name: str | None = None,
    progress: ProgressFn | None = None,
) -> list[Explanation]:
    """:func:`explain` for each of ``methods`` (in order) on one private copy of ``model``;
    ``progress`` hears of each method before it runs.

    ``params`` maps a method name to its parameters. Every method and its parameters are checked
    before any runs, so a method that does not apply raises before time is spent: filter
    ``methods`` with :func:`applicable_methods` first.
    """
    name = model_name or type(model).__name__
    params = params or {}
    for method in methods:
        _check_applicable(_method(method), model, name)
        resolve_params(method, params.get(method), model)
    private = working_copy(model).eval()
    results = []
    report = progress or no_progress
    for i, method in enumerate(methods):
        report(i / len(methods), method)
        if leftover_hooks(private):  # never reuse a copy that a method left hooked
            private = working_copy(model).eval()
        results.append(
            explain_in_place(
                private, x, target, method, params.get(method), seed=seed, model_name=name
            )
        )
    return results


def predict_topk(model: nn.Module, x: torch.Tensor, k: int = 5) -> list[tuple[int, float]]:
    """The ``k`` most probable classes of ``x`` (batch 1) with their softmax probabilities.

    Plain inference without hooks, so it runs on the shared model directly.
    """
    with torch.inference_mode():
        probs = torch.softmax(model(x).float(), dim=-1)[0]
    top = torch.topk(probs, min(k, probs.numel()))
    return [(int(i), float(p)) for p, i in zip(top.values, top.indices, strict=True)]
