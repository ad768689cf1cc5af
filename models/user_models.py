"""Bring your own model: a Python file named at start-up becomes a model of the picker.

The file defines ``build_model()`` (an ``nn.Module``) and ``example_input()`` (a tensor or a
tuple of tensors, batch first), and optionally ``load_data()`` (a :class:`UserData`, a dict or any
object with the same attributes), weights (``WEIGHTS = "file.safetensors"`` relative to the file,
or a ``weights()`` function returning a path), ``TITLE`` and ``DESCRIPTION``.

This runs the user's own code on their own machine: files are named on the command line
(``streamlit run dashboard/app.py -- --model my_model.py``) or in ``MODELLENS_USER_MODELS``,
never uploaded. Every check below fails with a :class:`UserFacingError` that says what is missing
or what raised, and where in the user's file.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import torch
from torch import nn

from models.errors import UserFacingError
from models.registry import REGISTRY, ModelSpec
from models.weights import ModelLoadError, WeightsMismatchError, load_weights

ENV_VAR = "MODELLENS_USER_MODELS"  # os.pathsep-separated paths, like PATH
NAME_PREFIX = "user_"  # registry names of user models: user_<file stem>, URL-safe
MODULE_PREFIX = "modellens_user_model_"  # sys.modules names of imported user files
MAX_LISTED_KEYS = 8  # keys named in a mismatch message before "…(+n)"

# Task and input kind of a user model, values of models.registry.Task / InputKind. "outputs": a
# model without labels is measured by fidelity to the original instead of accuracy; "tensor": a
# model whose input is not one image batch gets no image pages.
USER_TASK_CLASSIFICATION = "classification"
USER_TASK_OUTPUTS = "outputs"
INPUT_IMAGE = "image"
INPUT_TENSOR = "tensor"


# --- data -----------------------------------------------------------------------------------------


def _channel_view(value: float | tuple[float, ...], like: torch.Tensor) -> torch.Tensor | float:
    """A scalar, or per-channel values shaped to broadcast over (…, C, H, W) images (or over the
    last dimension of anything with fewer than 3 dimensions)."""
    if not isinstance(value, tuple):
        return value
    shape = (len(value), 1, 1) if like.dim() >= 3 else (len(value),)
    return torch.tensor(value, dtype=like.dtype).reshape(shape)


@dataclass(frozen=True, eq=False)
class UserData:
    """Evaluation (and optionally training) data of a user model, read like ``DigitsSplit``.

    ``x_*`` are model inputs as the model takes them (already normalised); ``normalise`` maps
    images in [0, 1] to that scale and ``denormalise`` back, for display. Without ``mean``/``std``
    both are the identity. Without labels the app measures fidelity to the original instead of
    accuracy; without training data there is no fine-tuning or distillation. A model with several
    inputs gets the first in ``x_test`` and the others, row by row, in ``x_test_more``
    (``load_data`` may return ``x_test`` as a tuple); it is evaluated, not trained.
    """

    x_test: torch.Tensor
    x_test_more: tuple[torch.Tensor, ...] = ()
    y_test: torch.Tensor | None = None  # (N,) int64 class indices
    class_names: tuple[str, ...] = ()
    x_train: torch.Tensor | None = None
    y_train: torch.Tensor | None = None
    mean: float | tuple[float, ...] | None = None  # a scalar, or one value per channel
    std: float | tuple[float, ...] | None = None

    @property
    def test_inputs(self) -> tuple[torch.Tensor, ...]:
        """Every input of the model for the test rows: ``model(*test_inputs)``."""
        return (self.x_test, *self.x_test_more)

    @property
    def has_labels(self) -> bool:
        return self.y_test is not None

    @property
    def has_train(self) -> bool:
        return self.x_train is not None and self.y_train is not None

    def normalise(self, images01: torch.Tensor) -> torch.Tensor:
        """Map images in [0, 1] to the model's input scale."""
        if self.mean is None or self.std is None:
            return images01
        return (images01 - _channel_view(self.mean, images01)) / _channel_view(self.std, images01)

    def denormalise(self, x: torch.Tensor) -> torch.Tensor:
        """Inverse of :meth:`normalise`, for display."""
        if self.mean is None or self.std is None:
            return x
        return x * _channel_view(self.std, x) + _channel_view(self.mean, x)


@dataclass(frozen=True)
class UserModelSpec(ModelSpec):
    """A :class:`ModelSpec` built from a user's file, with what the pages need to know more."""

    source: str = ""  # absolute path of the user's Python file
    output_shape: tuple[int, ...] = ()  # of one example row, batch dimension left out
    n_inputs: int = 1  # tensors the forward takes
    has_labels: bool = False
    has_train: bool = False
    build_student: Callable[[float], nn.Module] | None = field(default=None, compare=False)

    @property
    def retrain_command(self) -> str:
        return ""  # the user trains their own model; load_weights then adds no hint


class BuiltOnce:
    """``build_model()`` runs once, at the start-up check: later builds hand out deep copies of
    the model built then (weights loaded, eval mode). A model that takes 30 s to build would
    otherwise build again for the shared model, the int8 check and fidelity's reference."""

    def __init__(self, model: nn.Module) -> None:
        self._model = model

    def __call__(self) -> nn.Module:
        return copy.deepcopy(self._model)


# --- importing the user's file --------------------------------------------------------------------


def _where(exc: BaseException, path: Path) -> str:
    """``file.py:line`` of the deepest frame in the user's file, else the file name."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path:
            line = frame.lineno
    return f"{path.name}:{line}" if line is not None else path.name


def _error_text(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _call(path: Path, function: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except (Exception, SystemExit) as exc:  # SystemExit: argparse or sys.exit in the user's code
        raise UserFacingError(
            "byom.error.call_failed",
            function=function,
            error=_error_text(exc),
            where=_where(exc, path),
        ) from exc


def _module_name(path: Path) -> str:
    slug = re.sub(r"\W", "_", path.stem)
    return f"{MODULE_PREFIX}{slug}_{hashlib.sha1(str(path).encode()).hexdigest()[:10]}"


def import_user_file(path: str | os.PathLike[str]) -> ModuleType:
    """Import the user's file under a unique module name (two ``model.py`` files do not clash).

    Raises:
        UserFacingError: ``byom.error.file_missing``, ``byom.error.not_python`` or
            ``byom.error.import_failed`` (with the error and the line that raised).
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise UserFacingError("byom.error.file_missing", path=str(path))
    if path.suffix != ".py":
        raise UserFacingError("byom.error.not_python", path=str(path))
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UserFacingError("byom.error.not_python", path=str(path))
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as importlib's own recipe does: dataclasses and pickling inside
    # the user's file look their module up in sys.modules.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # a script that parses argv on import exits
        del sys.modules[name]
        raise UserFacingError(
            "byom.error.import_failed",
            path=str(path),
            error=_error_text(exc),
            where=_where(exc, path),
        ) from exc
    return module


def _function(module: ModuleType, path: Path, name: str, required: bool) -> Callable | None:
    fn = getattr(module, name, None)
    if fn is None and not required:
        return None
    if not callable(fn):
        raise UserFacingError("byom.error.missing_function", function=name, path=path.name)
    return fn


def _as_inputs(value: Any, path: Path) -> tuple[torch.Tensor, ...]:
    inputs = (value,) if isinstance(value, torch.Tensor) else value
    ok = isinstance(inputs, tuple | list) and len(inputs) > 0
    ok = ok and all(isinstance(x, torch.Tensor) and x.dim() >= 1 for x in inputs)
    ok = ok and len({int(x.shape[0]) for x in inputs}) == 1
    if not ok:
        raise UserFacingError(
            "byom.error.bad_example", path=path.name, got=_describe(value), function="example_input"
        )
    return tuple(inputs)


def _describe(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"Tensor{tuple(value.shape)}"
    if isinstance(value, tuple | list):
        return f"{type(value).__name__}({', '.join(_describe(v) for v in value)})"
    return type(value).__name__


def _weights_path(module: ModuleType, path: Path) -> Path | None:
    """The weights named by ``WEIGHTS`` (or ``weights``) or returned by a ``weights()``
    function; a relative path is relative to the user's file."""
    value = getattr(module, "WEIGHTS", None)
    fn = getattr(module, "weights", None)
    if value is None and callable(fn):
        value = _call(path, "weights", fn)
    elif value is None and isinstance(fn, str | os.PathLike):
        value = fn
    if value is None:
        return None
    weights = Path(value).expanduser()
    weights = (path.parent / weights).resolve() if not weights.is_absolute() else weights
    if weights.suffix != ".safetensors":
        raise UserFacingError("byom.error.weights_not_safetensors", path=str(weights))
    if not weights.is_file():
        raise UserFacingError("byom.error.weights_missing", path=str(weights))
    return weights


def format_key_list(keys: Sequence[str]) -> str:
    """Keys for a message: at most :data:`MAX_LISTED_KEYS`, then ``…(+n)``; "—" for none."""
    if not keys:
        return "—"
    shown = ", ".join(keys[:MAX_LISTED_KEYS])
    more = len(keys) - MAX_LISTED_KEYS
    return f"{shown} …(+{more})" if more > 0 else shown


def mismatch_error(err: WeightsMismatchError, file: str, model: str) -> UserFacingError:
    """``byom.error.weights_mismatch`` naming the missing, unexpected and mis-shaped keys (the
    first :data:`MAX_LISTED_KEYS` of each kind), with both shapes of each mis-shaped one."""
    shapes = [f"{k}: {tuple(f)} ≠ {tuple(m)}" for k, f, m in err.mismatched]
    return UserFacingError(
        "byom.error.weights_mismatch",
        file=file,
        model=model,
        missing=format_key_list(err.missing),
        unexpected=format_key_list(err.unexpected),
        mismatched=format_key_list(shapes),
    )


def _load_weights(model: nn.Module, weights: Path, title: str) -> None:
    try:
        load_weights(model, weights)
    except WeightsMismatchError as err:
        raise mismatch_error(err, weights.name, title) from err
    except ModelLoadError as err:
        raise UserFacingError(
            "byom.error.weights_unreadable", file=weights.name, error=str(err)
        ) from err


def _forward(model: nn.Module, inputs: tuple[torch.Tensor, ...], path: Path, what: str) -> Any:
    try:
        with torch.inference_mode():
            return model(*inputs)
    except Exception as exc:
        raise UserFacingError(
            "byom.error.forward_failed",
            inputs=what,
            shapes=", ".join(str(tuple(x.shape)) for x in inputs),
            error=_error_text(exc),
            where=_where(exc, path),
        ) from exc


def _field(raw: Any, name: str) -> Any:
    return raw.get(name) if isinstance(raw, Mapping) else getattr(raw, name, None)


def _as_data(
    raw: Any, path: Path, example: tuple[torch.Tensor, ...], out: torch.Tensor
) -> UserData:
    """The user's ``load_data()`` result as :class:`UserData`, checked against the example."""
    if isinstance(raw, UserData):
        data = raw
    else:
        x_test = _field(raw, "x_test")
        if not isinstance(x_test, torch.Tensor | tuple | list):
            raise UserFacingError("byom.error.data_field", path=path.name, field="x_test")
        mean, std = _field(raw, "mean"), _field(raw, "std")
        data = UserData(
            x_test=x_test,  # type: ignore[arg-type]  # split below when a tuple
            y_test=_field(raw, "y_test"),
            class_names=tuple(_field(raw, "class_names") or ()),
            x_train=_field(raw, "x_train"),
            y_train=_field(raw, "y_train"),
            mean=tuple(mean) if isinstance(mean, list | tuple) else mean,
            std=tuple(std) if isinstance(std, list | tuple) else std,
        )
    if isinstance(data.x_test, tuple | list):
        data = replace(data, x_test=data.x_test[0], x_test_more=tuple(data.x_test[1:]))
    inputs = data.test_inputs
    if not all(isinstance(x, torch.Tensor) for x in inputs):
        raise UserFacingError("byom.error.data_field", path=path.name, field="x_test")
    if len(inputs) != len(example) or len({len(x) for x in inputs}) != 1:
        raise UserFacingError(
            "byom.error.data_inputs",
            path=path.name,
            expected=len(example),
            got=", ".join(str(tuple(x.shape)) for x in inputs),
        )
    for name, x, y in (("test", data.x_test, data.y_test), ("train", data.x_train, data.y_train)):
        if y is None:
            continue
        if not isinstance(y, torch.Tensor) or y.dim() != 1 or y.dtype != torch.int64:
            raise UserFacingError("byom.error.data_labels", path=path.name, split=name)
        if x is None or len(x) != len(y):
            raise UserFacingError(
                "byom.error.data_lengths",
                path=path.name,
                split=name,
                inputs=0 if x is None else len(x),
                labels=len(y),
            )
        classes = out.shape[-1] if out.dim() == 2 else 0
        if len(y) and not (int(y.min()) >= 0 and int(y.max()) < classes):
            raise UserFacingError(
                "byom.error.data_label_range",
                path=path.name,
                split=name,
                low=int(y.min()),
                high=int(y.max()),
                classes=classes,
            )
    if data.y_test is not None and not data.class_names:
        data = replace(data, class_names=tuple(str(i) for i in range(out.shape[-1])))
    return data


def _batch_of(inputs: tuple[torch.Tensor, ...], batch_size: int) -> tuple[torch.Tensor, ...]:
    """``batch_size`` rows of each input, repeating them when there are fewer."""
    out = []
    for x in inputs:
        reps = -(-batch_size // len(x))
        out.append(x.repeat(reps, *([1] * (x.dim() - 1)))[:batch_size].clone())
    return tuple(out)


def load_user_model_file(path: str | os.PathLike[str], name: str | None = None) -> UserModelSpec:
    """Import a user's model file, check it, and describe it as a :class:`UserModelSpec`.

    The model is built once, its weights loaded (key and shape checked), and the example input
    run through it under ``torch.inference_mode``; ``load_data()`` is called and checked when
    present. ``name`` is the registry key (default: ``user_<file stem>``).

    Raises:
        UserFacingError: a ``byom.error.*`` key naming what is missing or what raised, where.
    """
    path = Path(path).expanduser().resolve()
    module = import_user_file(path)
    build = _function(module, path, "build_model", required=True)
    make_example = _function(module, path, "example_input", required=True)
    data_fn = _function(module, path, "load_data", required=False)
    student_fn = _function(module, path, "build_student", required=False)
    title = str(getattr(module, "TITLE", "") or path.stem)
    doc = (module.__doc__ or "").strip().splitlines()
    description = str(getattr(module, "DESCRIPTION", "") or (doc[0] if doc else ""))
    weights = _weights_path(module, path)

    model = _call(path, "build_model", build)
    if not isinstance(model, nn.Module):
        raise UserFacingError("byom.error.not_a_module", path=path.name, got=_describe(model))
    if weights is not None:
        _load_weights(model, weights, title)
    model.eval()
    example = _as_inputs(_call(path, "example_input", make_example), path)
    out = _forward(model, example, path, "example_input()")
    if not isinstance(out, torch.Tensor):
        raise UserFacingError("byom.error.output_not_tensor", path=path.name, got=_describe(out))
    if out.dim() == 0 or out.shape[0] != example[0].shape[0]:
        raise UserFacingError(
            "byom.error.batch_dim",
            path=path.name,
            batch=int(example[0].shape[0]),
            shape=tuple(out.shape),
        )

    data: UserData | None = None
    if data_fn is not None:
        data = _as_data(_call(path, "load_data", data_fn), path, example, out)
        _forward(model, tuple(x[:2] for x in data.test_inputs), path, "load_data().x_test")
    is_image = len(example) == 1 and example[0].dim() == 4 and example[0].is_floating_point()
    classification = out.dim() == 2 and out.shape[1] >= 2 and data is not None and data.has_labels
    cached_example = tuple(x.detach().clone() for x in example)

    @functools.lru_cache(maxsize=1)
    def load_data() -> UserData:
        # Without load_data() the example rows are the evaluation inputs (no labels).
        if data is not None:
            return data
        return UserData(x_test=cached_example[0], x_test_more=cached_example[1:])

    def example_input(_model: nn.Module, batch_size: int) -> tuple[torch.Tensor, ...]:
        # Real test rows where the data has them (profiling and tracing see real values).
        rows = data.test_inputs if data is not None else cached_example
        return _batch_of(rows, batch_size)

    return UserModelSpec(
        name=name or default_name(path),
        title=title,
        task=USER_TASK_CLASSIFICATION if classification else USER_TASK_OUTPUTS,  # type: ignore[arg-type]
        input_kind=INPUT_IMAGE if is_image else INPUT_TENSOR,  # type: ignore[arg-type]
        build=BuiltOnce(model),
        load_data=load_data,
        example_input=example_input,
        # Absolute: models.registry.weights_path joins it to the weights folder, which keeps it.
        weights_file=str(weights) if weights is not None else None,
        description=description,
        source=str(path),
        output_shape=tuple(out.shape[1:]),
        n_inputs=len(example),
        has_labels=data is not None and data.has_labels,
        has_train=data is not None and data.has_train,
        build_student=student_fn,
    )


@torch.inference_mode()
def predict_outputs(
    model: nn.Module, inputs: Sequence[torch.Tensor], batch_size: int = 512
) -> torch.Tensor:
    """``model(*inputs)`` computed in batches of rows (``models.training.predict`` for models
    with several inputs), concatenated along the batch."""
    n = len(inputs[0])
    return torch.cat(
        [model(*(x[i : i + batch_size] for x in inputs)) for i in range(0, n, batch_size)]
    )


# --- registering ----------------------------------------------------------------------------------

_REGISTERED: dict[str, str] = {}  # resolved file path → registry name (app reruns re-register)


def default_name(path: str | os.PathLike[str]) -> str:
    """``user_<stem>``: lower case letters, digits and underscores only (safe in URLs)."""
    slug = re.sub(r"[^a-z0-9_]+", "_", Path(path).stem.lower()).strip("_") or "model"
    return NAME_PREFIX + slug


def _free_name(base: str) -> str:
    name, n = base, 2
    while name in REGISTRY:
        name, n = f"{base}_{n}", n + 1
    return name


def register_user_models(
    paths: Sequence[str | os.PathLike[str]],
    on_error: Callable[[Path, UserFacingError], None] | None = None,
) -> list[str]:
    """Load each file and add its spec to :data:`models.registry.REGISTRY`; the names, in order.

    Idempotent per file (Streamlit reruns the entry point on every interaction): a file already
    registered is not imported again. A file that fails raises, or with ``on_error`` is reported
    there and skipped so that the other files still register.
    """
    names = []
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        known = _REGISTERED.get(str(path))
        if known is not None and known in REGISTRY:
            names.append(known)
            continue
        try:
            spec = load_user_model_file(path, name=_free_name(default_name(path)))
        except UserFacingError as err:
            if on_error is None:
                raise
            on_error(path, err)
            continue
        REGISTRY[spec.name] = spec
        _REGISTERED[str(path)] = spec.name
        names.append(spec.name)
    return names


def unregister_user_models(names: Sequence[str]) -> None:
    """Remove user models from the registry (tests; the zoo's own entries are never removed)."""
    for name in names:
        spec = REGISTRY.get(name)
        if isinstance(spec, UserModelSpec):
            del REGISTRY[name]
            _REGISTERED.pop(spec.source, None)


def user_model_paths_from_env_and_argv(
    argv: Sequence[str], environ: Mapping[str, str] | None = None
) -> list[Path]:
    """Model files named by ``--model PATH`` / ``--model=PATH`` (repeatable) in ``argv`` and by
    ``MODELLENS_USER_MODELS`` (``os.pathsep``-separated) in ``environ``; first mention wins.

    Other arguments are ignored: Streamlit hands the script everything after ``--``.

    Raises:
        UserFacingError("byom.error.model_flag"): ``--model`` without a path.
    """
    environ = os.environ if environ is None else environ
    found: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--model":
            if i + 1 >= len(args) or args[i + 1].startswith("--") or not args[i + 1]:
                raise UserFacingError("byom.error.model_flag")
            found.append(args[i + 1])
            i += 2
            continue
        if arg.startswith("--model="):
            value = arg.removeprefix("--model=")
            if not value:
                raise UserFacingError("byom.error.model_flag")
            found.append(value)
        i += 1
    found += [p for p in environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    paths: list[Path] = []
    for raw in found:
        path = Path(raw.strip()).expanduser().resolve()
        if path not in paths:
            paths.append(path)
    return paths


def register_from_startup(
    argv: Sequence[str],
    environ: MutableMapping[str, str] | None = None,
    on_error: Callable[[Path, UserFacingError], None] | None = None,
) -> list[str]:
    """Register the files named at start-up (``--model`` in ``argv``, ``MODELLENS_USER_MODELS``)
    and write the full list back to ``MODELLENS_USER_MODELS``: worker processes (the parallel
    page) inherit the environment, not the app's argv, and register the same models from it."""
    environ = os.environ if environ is None else environ
    paths = user_model_paths_from_env_and_argv(argv, environ)
    names = register_user_models(paths, on_error)
    if paths:
        environ[ENV_VAR] = os.pathsep.join(str(p) for p in paths)
    return names


ERROR_KEYS = (
    "byom.error.file_missing",
    "byom.error.not_python",
    "byom.error.import_failed",
    "byom.error.missing_function",
    "byom.error.call_failed",
    "byom.error.not_a_module",
    "byom.error.bad_example",
    "byom.error.forward_failed",
    "byom.error.output_not_tensor",
    "byom.error.batch_dim",
    "byom.error.weights_not_safetensors",
    "byom.error.weights_missing",
    "byom.error.weights_unreadable",
    "byom.error.weights_mismatch",
    "byom.error.data_field",
    "byom.error.data_inputs",
    "byom.error.data_labels",
    "byom.error.data_lengths",
    "byom.error.data_label_range",
    "byom.error.model_flag",
)
