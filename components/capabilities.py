"""What the app can do with a model, found by looking at it and by trying it on a private copy.

Zoo models and user models ("bring your own model") go through the same checks, so pages need no
per-model lists: the Grad-CAM layer picker comes from the model's conv layers, the attention view
from a forward that returns attention weights, channel removal from a trial cut with
torch-pruning, dynamic int8 from a trial quantization, the parallel splits from chaining the
top-level children and comparing with ``model(x)``. Every "no" carries an i18n reason key and its
values, so a page can grey a control out and say why.

Nothing here changes the model passed in: every trial runs on ``working_copy``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import torch
from captum.attr._core.deep_lift import SUPPORTED_NON_LINEAR
from torch import nn

from components.distillation.students import STUDENT_BUILDERS
from components.errors import UserFacingError
from components.explain.attributions import ATTRIBUTION_METHODS, applicable_methods
from components.explain.methods import conv_layers as _conv_layers
from components.pruning.channels import channel_groups, remove_channels
from components.pruning.targets import prunable_layers
from components.quantization.applies import method_reason
from components.quantization.settings import QUANT_METHODS
from components.quantization.targets import quantizable_layers, quiet_torch_ao
from components.shared_models import working_copy
from models.registry import ModelSpec

Layers = list[tuple[str, nn.Module]]

# Trial settings. Half the channels is the middle of the page's range: a cut that survives it
# survives the others (the same layers are touched, only the count differs).
TRIAL_CHANNEL_AMOUNT = 0.5
# How close chaining the children must come to model(x): float32 re-association only.
CHAIN_RTOL = 1e-4
CHAIN_ATOL = 1e-5
ERROR_CHARS = 200  # an exception's first line is cut here in reasons


@dataclass(frozen=True)
class Capability:
    """Whether something applies (a method to a model, an inference backend to this machine).
    ``reason_key`` says why not; on an ``ok`` capability it is a caveat the page shows as a note
    (channel removal that works for some layers only, fp16 emulated on this CPU)."""

    ok: bool
    reason_key: str | None = None
    reason_values: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok


YES = Capability(True)


def _no(key: str, **values: Any) -> Capability:
    return Capability(False, key, values)


@dataclass(frozen=True)
class InputInfo:
    """What a model reads, from its example rows: dtype and shape of each input (batch left
    out). Pages decide from this, never from the model's name."""

    shapes: tuple[tuple[int, ...], ...]
    dtypes: tuple[str, ...]
    floating: tuple[bool, ...]

    @property
    def kind(self) -> str:
        """``image`` (one float (C, H, W) input), ``tokens`` (one integer (T,) input),
        ``features`` (one float (F,) input), ``several`` (more than one input) or ``other``."""
        if len(self.shapes) != 1:
            return "several"
        dims, floating = len(self.shapes[0]), self.floating[0]
        if dims == 3 and floating:
            return "image"
        if dims == 1:
            return "features" if floating else "tokens"
        return "other"

    def describe(self) -> str:
        """``int64 12`` or ``float32 1×8×8 + float32 4``: language-neutral, for reasons."""
        return " + ".join(
            f"{dtype} {'×'.join(map(str, shape)) or 'scalar'}"
            for dtype, shape in zip(self.dtypes, self.shapes, strict=True)
        )


def describe_inputs(inputs: tuple[torch.Tensor, ...]) -> InputInfo:
    """The :class:`InputInfo` of a batch of model inputs."""
    return InputInfo(
        shapes=tuple(tuple(int(d) for d in x.shape[1:]) for x in inputs),
        dtypes=tuple(str(x.dtype).removeprefix("torch.") for x in inputs),
        floating=tuple(x.is_floating_point() for x in inputs),
    )


@dataclass(frozen=True)
class Applicability:
    """What the pages decide from the model's inputs, outputs and data (see
    :func:`applicability`): Home's list and the pages read these same values."""

    inputs: InputInfo
    has_labels: Capability  # accuracy applies; without labels the pages show fidelity
    classification: Capability  # (batch, classes) scores: a target class to explain
    images: Capability  # test rows drawn as pictures with their predictions
    explain: Capability  # the image explanation views (attributions, faithfulness …)
    finetuning: Capability  # training data with labels
    distillation: Capability
    quantization: dict[str, Capability]  # quantization method → whether it applies


@dataclass(frozen=True)
class Capabilities:
    """Everything the pages ask about one model (see :func:`capabilities`)."""

    conv_layers: tuple[str, ...]  # Grad-CAM's layer choices, in forward order
    attention: Capability  # the forward can return attention weights (attention views)
    attention_modules: tuple[str, ...]  # attention modules found, whether or not they report
    sequential_children: Capability  # the top-level children chain to model(x): parallel splits
    chain: tuple[str, ...]  # those children's names, when they chain
    masked_pruning: Capability  # unstructured and structured pruning (masks)
    channel_pruning: Capability  # torch-pruning removes channels; ok with a note when partial
    channel_groups: tuple[tuple[str, ...], ...]  # layer groups whose channels can be removed
    channel_blocked: tuple[str, ...]  # layers whose channels cannot be removed
    dynamic_int8: Capability
    explain_methods: dict[str, Capability]  # captum method name → whether it applies
    applies: Applicability  # the decisions the pages take from inputs, outputs and data
    reused_modules: tuple[str, ...] = ()  # modules called more than once in one forward

    @property
    def applicable_methods(self) -> list[str]:
        return [name for name, cap in self.explain_methods.items() if cap.ok]

    @property
    def has_labels(self) -> Capability:
        return self.applies.has_labels

    @property
    def classification(self) -> Capability:
        return self.applies.classification

    @property
    def finetuning(self) -> Capability:
        return self.applies.finetuning

    @property
    def distillation(self) -> Capability:
        return self.applies.distillation


# --- looking at the forward -----------------------------------------------------------------------


def _short_error(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text[:ERROR_CHARS]


@contextmanager
def _call_counts(model: nn.Module) -> Iterator[dict[str, int]]:
    """Count the calls of every named sub-module during the block (hooks removed after)."""
    counts: dict[str, int] = {}
    handles = []
    for name, module in model.named_modules():
        if not name:
            continue

        def hook(_m: nn.Module, _args: Any, _out: Any, name: str = name) -> None:
            counts[name] = counts.get(name, 0) + 1

        handles.append(module.register_forward_hook(hook))
    try:
        yield counts
    finally:
        for handle in handles:
            handle.remove()


def top_level_layers(model: nn.Module) -> Layers:
    """The top-level children, with a ``ModuleList``'s items as layers of their own (a list is
    not callable; a forward that loops over it calls them in order)."""
    layers: Layers = []
    for name, child in model.named_children():
        if isinstance(child, nn.ModuleList):
            layers += [(f"{name}.{i}", item) for i, item in enumerate(child)]
        else:
            layers.append((name, child))
    return layers


def chained_layers(
    model: nn.Module, inputs: tuple[torch.Tensor, ...], reference: torch.Tensor | None = None
) -> tuple[Layers | None, Capability]:
    """The top-level children if calling them one after another gives ``model(*inputs)``.

    Returns the layers (or None) and the capability with its reason: more than one input, fewer
    than two children, a child that fails on its predecessor's output, or a chain whose result
    differs from the model's.
    """
    if len(inputs) != 1:
        return None, _no("byom.reason.chain_multi_input", inputs=len(inputs))
    layers = top_level_layers(model)
    if len(layers) < 2:
        return None, _no("byom.reason.chain_too_short", children=len(layers))
    with torch.inference_mode():
        if reference is None:
            reference = model(*inputs)
        x = inputs[0]
        for name, layer in layers:
            try:
                x = layer(x)
            except Exception as exc:
                return None, _no("byom.reason.chain_fails", layer=name, error=_short_error(exc))
            if not isinstance(x, torch.Tensor):
                return None, _no("byom.reason.chain_not_tensor", layer=name)
    same = x.shape == reference.shape and torch.allclose(
        x.float(),
        reference.float(),
        rtol=CHAIN_RTOL,
        atol=CHAIN_ATOL * float(reference.abs().max()),
    )
    if not same:
        return None, _no("byom.reason.chain_differs", layers=len(layers))
    return layers, YES


def _attention(model: nn.Module, inputs: tuple[torch.Tensor, ...]) -> tuple[Capability, tuple]:
    """Attention modules, and whether ``forward_with_attention`` returns their weights as a list
    of (batch, heads, tokens, tokens) maps (the TinyViT/MiniLM protocol the views read)."""
    modules = tuple(
        name
        for name, m in model.named_modules()
        if isinstance(m, nn.MultiheadAttention) or hasattr(m, "num_attention_heads")
    )
    fn = getattr(model, "forward_with_attention", None)
    if callable(fn):
        try:
            with torch.inference_mode():
                _, maps = fn(*inputs)
            maps = list(maps)
        except Exception as exc:
            return _no("byom.reason.attention_call_fails", error=_short_error(exc)), modules
        if maps and all(
            isinstance(m, torch.Tensor) and m.dim() == 4 and m.shape[-1] == m.shape[-2]
            for m in maps
        ):
            return Capability(True, None, {"layers": len(maps), "heads": maps[0].shape[1]}), modules
        return _no("byom.reason.attention_bad_maps"), modules
    if modules:
        return _no("byom.reason.attention_weights_dropped", modules=", ".join(modules)), modules
    return _no("byom.reason.no_attention"), modules


# --- compression ----------------------------------------------------------------------------------


def _try_channel_cut(model: nn.Module, spec: ModelSpec, layers: list[str]) -> str | None:
    """None when removing channels of ``layers`` on a copy works, else the error text."""
    trial = working_copy(model).eval()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            remove_channels(trial, spec, layers, TRIAL_CHANNEL_AMOUNT)
    except UserFacingError as err:
        return str(err.values.get("reason", err))
    return None


def _channels(
    model: nn.Module, spec: ModelSpec, trial: bool
) -> tuple[Capability, tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Channel removal: traced by torch-pruning, then (``trial``) a cut of every group on a copy;
    when the whole cut fails, each group is tried alone to name the layers that cannot lose
    channels."""
    if not prunable_layers(model, "all"):
        return _no("byom.reason.no_prunable_layers"), (), ()
    try:
        groups = [tuple(g) for g in channel_groups(model, spec) if g]
    except UserFacingError as err:
        return _no("byom.reason.channel_trace_fails", error=str(err.values.get("reason"))), (), ()
    if not groups:
        return _no("byom.reason.channel_no_groups"), (), ()
    if not trial or _try_channel_cut(model, spec, [n for g in groups for n in g]) is None:
        return YES, tuple(groups), ()
    good, blocked, first_error = [], [], ""
    for group in groups:
        error = _try_channel_cut(model, spec, list(group))
        if error is None:
            good.append(group)
        else:
            blocked += group
            first_error = first_error or error
    values = {"layers": ", ".join(blocked), "error": first_error[:ERROR_CHARS]}
    if not good:  # the cut fails whichever group goes: something couples them all
        values["layers"] = values["layers"] or ", ".join(n for g in groups for n in g)
        return _no("byom.reason.channel_cut_fails", **values), (), tuple(blocked)
    return Capability(True, "byom.reason.channel_partial", values), tuple(good), tuple(blocked)


def _dynamic_int8(model: nn.Module, inputs: tuple[torch.Tensor, ...], trial: bool) -> Capability:
    """Dynamic int8 needs ``nn.Linear`` layers, and a forward that still runs once they are
    swapped (code that reads ``layer.weight`` directly breaks: int8 layers keep it packed)."""
    chosen = [name for name, _ in quantizable_layers(model, "dynamic_int8")]
    if not chosen:
        return _no("byom.reason.no_linear")
    if trial:
        copy = working_copy(model).eval()
        try:
            with quiet_torch_ao(), torch.inference_mode():
                torch.ao.quantization.quantize_dynamic(copy, set(chosen), inplace=True)
                copy(*inputs)
        except Exception as exc:
            return _no("byom.reason.int8_fails", error=_short_error(exc))
    return Capability(True, None, {"layers": len(chosen)})


def _has_student(spec: ModelSpec) -> bool:
    """A smaller student exists: the zoo's own narrower builds or the user file's
    ``build_student(width)`` (what :func:`components.distillation.make_student` builds)."""
    return spec.name in STUDENT_BUILDERS or getattr(spec, "build_student", None) is not None


# --- explanations ---------------------------------------------------------------------------------


def _input_reaches_output(model: nn.Module, x: torch.Tensor) -> bool:
    """Whether gradients flow from the output back to the input (not through argmax, detach,
    integer casts or non-torch code)."""
    x = x.detach().clone().float().requires_grad_()
    with torch.enable_grad():
        out = model(x)
        if not out.requires_grad:
            return False
        (grad,) = torch.autograd.grad(out.float().sum(), x, allow_unused=True)
    return grad is not None


def _explain(
    model: nn.Module,
    spec: ModelSpec,
    inputs: tuple[torch.Tensor, ...],
    explain: Capability,
    reused: tuple[str, ...],
) -> dict[str, Capability]:
    """Every captum method → whether it applies: the methods' own requirements
    (``applicable_methods``) after what every method needs here (``explain``: one image batch
    in, one score per class out), plus gradients that reach the input and DeepLift's
    one-call-per-module."""
    if spec.input_kind == "text":  # the zoo's sentence encoder: its own reasons (text views)
        return {
            name: YES if key is None else _no(key)
            for name, key in applicable_methods(model, spec).items()
        }
    if not explain:
        return dict.fromkeys(ATTRIBUTION_METHODS, explain)

    result = {
        name: YES if key is None else _no(key)
        for name, key in applicable_methods(model, spec).items()
    }
    # DeepLift hooks only the non-linearities it has rules for; a reused Linear does no harm.
    names = dict(model.named_modules())
    reused_nonlinear = [n for n in reused if type(names[n]) in SUPPORTED_NON_LINEAR]
    gradients_ok: bool | None = None
    for name, info in ATTRIBUTION_METHODS.items():
        if not result[name] or "gradients" not in info.requires:
            continue
        if gradients_ok is None:
            gradients_ok = _input_reaches_output(model, inputs[0][:1])
        if not gradients_ok:
            result[name] = _no("byom.reason.no_input_gradient")
        elif "deeplift_rules" in info.requires and reused_nonlinear:
            result[name] = _no("byom.reason.reused_module", modules=", ".join(reused_nonlinear))
    return result


# --- what the pages decide from inputs, outputs and data -----------------------------------------


def _scores(spec: ModelSpec, output: Any) -> Capability:
    """One score per class: (batch, classes) with at least two classes, not an embedding."""
    ok = (
        isinstance(output, torch.Tensor)
        and output.dim() == 2
        and output.shape[1] >= 2
        and spec.task != "sentence-embedding"
    )
    shape = tuple(output.shape) if isinstance(output, torch.Tensor) else type(output).__name__
    return YES if ok else _no("byom.reason.not_classification", shape=shape)


def _explain_input(spec: ModelSpec, info: InputInfo, scores: Capability) -> Capability:
    """The image explanation views need one float image batch and one score per class."""
    if spec.input_kind == "text":
        return _no("explain.reason.image_only")
    if info.kind == "several":
        return _no("byom.reason.explain_single_input", inputs=len(info.shapes))
    if info.kind != "image":
        return _no("byom.reason.explain_image_input", input=info.describe())
    if not scores:
        return _no("byom.reason.explain_scores", **scores.reason_values)
    return YES


def _images(info: InputInfo, scores: Capability, labels: Capability) -> Capability:
    """Test rows drawn as pictures with true and predicted class: images, scores and labels."""
    if info.kind != "image":
        return _no("byom.reason.samples_not_images", input=info.describe())
    return scores if not scores else labels


def _training(
    spec: ModelSpec, data: Any, info: InputInfo, scores: Capability, labels: Capability
) -> tuple[Capability, Capability]:
    """Fine-tuning and distillation: labelled training data, one input, and (distillation) a
    student to train."""
    train = (
        getattr(data, "x_train", None) is not None and getattr(data, "y_train", None) is not None
    )
    if spec.task == "sentence-embedding":
        finetuning = _no("distill.not_applicable", model=spec.title)
    elif not (labels and scores):
        finetuning = _no("byom.reason.needs_labels_to_train")
    elif len(info.shapes) != 1:
        finetuning = _no("byom.reason.train_single_input", inputs=len(info.shapes))
    elif not train:
        finetuning = _no("byom.reason.no_train_data")
    else:
        finetuning = YES
    if finetuning and not _has_student(spec):
        return finetuning, _no("byom.reason.no_student")
    return finetuning, finetuning


def _quantization(
    model: nn.Module, spec: ModelSpec, inputs: tuple[torch.Tensor, ...]
) -> dict[str, Capability]:
    return {
        method: YES
        if (why := method_reason(model, spec, method, inputs)) is None
        else Capability(False, *why)
        for method in QUANT_METHODS
    }


def applicability(
    model: nn.Module,
    spec: ModelSpec,
    inputs: tuple[torch.Tensor, ...] | None = None,
    output: Any = None,
) -> Applicability:
    """What the pages decide from ``model``'s inputs (dtype, shape), its output and its data.

    Cheap enough for a page: one forward of two example rows (skipped when ``inputs`` and
    ``output`` are given) and, for static int8, a torch.fx trace of a private copy.
    """
    if inputs is None or output is None:
        private = working_copy(model).eval()
        inputs = spec.example_input(private, 2)
        with torch.inference_mode():
            output = private(*inputs)
    info = describe_inputs(inputs)
    data = spec.load_data()
    labels = YES if getattr(data, "y_test", None) is not None else _no("byom.reason.no_labels")
    scores = _scores(spec, output)
    finetuning, distillation = _training(spec, data, info, scores, labels)
    return Applicability(
        inputs=info,
        has_labels=labels,
        classification=scores,
        images=_images(info, scores, labels),
        explain=_explain_input(spec, info, scores),
        finetuning=finetuning,
        distillation=distillation,
        quantization=_quantization(model, spec, inputs),
    )


# --- all together ---------------------------------------------------------------------------------


def capabilities(model: nn.Module, spec: ModelSpec, *, trials: bool = True) -> Capabilities:
    """What applies to ``model`` (described by ``spec``), each "no" with its reason.

    Runs the model a few times on ``spec.example_input`` and, with ``trials``, tries channel
    removal and dynamic int8 on private copies (measured with one thread: LeNet 0.1 s, TinyViT
    0.5 s, the example ResNet 0.1 s, MiniLM 11 s, nearly all of it the trial cut). Without
    ``trials`` channel removal is judged by torch-pruning's trace alone and int8 by the presence
    of ``nn.Linear`` layers. ``model`` is not changed.
    """
    private = working_copy(model).eval()
    inputs = spec.example_input(private, 2)
    with _call_counts(private) as counts, torch.inference_mode():
        output = private(*inputs)
    reused = tuple(name for name, n in counts.items() if n > 1)
    applies = applicability(private, spec, inputs, output)
    layers, sequential = chained_layers(private, inputs, output)
    attention, attention_modules = _attention(private, inputs)
    masked = (
        Capability(True, None, {"layers": len(prunable_layers(model, "all"))})
        if prunable_layers(model, "all")
        else _no("byom.reason.no_prunable_layers")
    )
    channels, groups, blocked = _channels(model, spec, trials)
    dynamic = _dynamic_int8(model, inputs, trials)
    if not dynamic:  # the trial found more than the layer check: the pages say the same
        applies = replace(applies, quantization={**applies.quantization, "dynamic_int8": dynamic})
    return Capabilities(
        conv_layers=tuple(_conv_layers(model)),
        attention=attention,
        attention_modules=attention_modules,
        sequential_children=sequential,
        chain=tuple(name for name, _ in layers or ()),
        masked_pruning=masked,
        channel_pruning=channels,
        channel_groups=groups,
        channel_blocked=blocked,
        dynamic_int8=dynamic,
        explain_methods=_explain(private, spec, inputs, applies.explain, reused),
        applies=applies,
        reused_modules=reused,
    )


REASON_KEYS = (
    "byom.reason.chain_multi_input",
    "byom.reason.chain_too_short",
    "byom.reason.chain_fails",
    "byom.reason.chain_not_tensor",
    "byom.reason.chain_differs",
    "byom.reason.attention_call_fails",
    "byom.reason.attention_bad_maps",
    "byom.reason.attention_weights_dropped",
    "byom.reason.no_attention",
    "byom.reason.no_labels",
    "byom.reason.not_classification",
    "byom.reason.no_prunable_layers",
    "byom.reason.channel_trace_fails",
    "byom.reason.channel_no_groups",
    "byom.reason.channel_cut_fails",
    "byom.reason.channel_partial",
    "byom.reason.no_linear",
    "byom.reason.int8_fails",
    "byom.reason.train_single_input",
    "byom.reason.needs_labels_to_train",
    "byom.reason.no_train_data",
    "byom.reason.no_student",
    "byom.reason.explain_single_input",
    "byom.reason.explain_scores",
    "byom.reason.explain_image_input",
    "byom.reason.samples_not_images",
    "byom.reason.no_input_gradient",
    "byom.reason.reused_module",
)
