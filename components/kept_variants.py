"""The compressed variants a session keeps for comparison, and their text form in the URL.

A kept variant is a recipe, not a model: the model it names, the technique and the technique's
settings; pages rebuild the model from it (a cache hit when it ran before). In the URL the kept
variants are one parameter, one recipe per ``;``, only the settings that differ from their
defaults::

    kept=lenet:prune:amount=0.6,scope=global;lenet:quantize:method=static_int8,calibration_batches=4

Layer-name lists separate their names with ``|``. Parsing is strict (unknown technique, field or
value, more than :data:`MAX_KEPT` recipes: ``ValueError``) because the router turns a
``ValueError`` into a warning and the default (nothing kept).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from torch import nn

from components.distillation import DistillSettings, make_student
from components.i18n import t
from components.pruning import PruneSettings, prunable_layers
from components.quantization import QuantSettings, check_settings
from models.registry import ModelSpec

MAX_KEPT = 3  # kept variants per session: the comparison table stays readable
KINDS: dict[str, type] = {
    "prune": PruneSettings,
    "quantize": QuantSettings,
    "distill": DistillSettings,
}
Settings = PruneSettings | QuantSettings | DistillSettings
# (kind, settings): how pages name a variant and key its caches; ("original", None) is the model
Recipe = tuple[str, Settings | None]
_NAME = re.compile(r"^[\w.\-]{1,200}$")  # model, method and layer names: no separators


@dataclass(frozen=True)
class KeptVariant:
    """One kept recipe: ``kind`` is a key of :data:`KINDS`, ``settings`` its settings."""

    model: str
    kind: str
    settings: Settings

    @property
    def recipe(self) -> Recipe:
        """``(kind, settings)``: the cache key pages rebuild the variant from."""
        return self.kind, self.settings


def variant_label(kind: str, settings: Settings, lang: str) -> str:
    """What tables and charts call the variant ("L1 unstructured 60%", "Dynamic int8" …)."""
    if kind == "prune":
        method = t(f"prune.method.{settings.method}", lang)
        return t("prune.variant_label", lang, method=method, amount=settings.amount)
    if kind == "quantize":
        return t(f"quant.method.{settings.method}", lang)
    return t(
        "distill.variant_label",
        lang,
        width=settings.width,
        temp=settings.temperature,
        alpha=settings.alpha,
    )


def check_variant(model: nn.Module, spec: ModelSpec, variant: KeptVariant) -> None:
    """Raise :class:`~components.errors.UserFacingError` when the recipe cannot be applied to
    ``model`` (a layer it names is missing, a method the model does not support). Cheap: nothing
    is pruned, quantized or trained."""
    settings = variant.settings
    if variant.kind == "prune":
        prunable_layers(model, settings.layers, settings.picked)
    elif variant.kind == "quantize":
        check_settings(model, spec, settings)
    else:
        make_student(spec, settings.width)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return "|".join(value)
    if isinstance(value, float):
        return repr(value)  # exact: the recipe is a cache key, 0.6 must come back as 0.6
    return str(value)


def _parse_value(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"
    if isinstance(default, tuple):
        items = tuple(raw.split("|")) if raw else ()
        if any(not _NAME.match(item) for item in items):
            raise ValueError(raw)
        return items
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if not _NAME.match(raw):
        raise ValueError(raw)
    return raw


def kept_text(kept: Sequence[KeptVariant]) -> str:
    """The URL form of ``kept`` (inverse of :func:`kept_parser`)."""
    parts = []
    for variant in kept:
        defaults = KINDS[variant.kind]()
        changed = [
            f"{f.name}={_value_text(getattr(variant.settings, f.name))}"
            for f in fields(variant.settings)
            if getattr(variant.settings, f.name) != getattr(defaults, f.name)
        ]
        parts.append(f"{variant.model}:{variant.kind}:{','.join(changed)}")
    return ";".join(parts)


def kept_parser(models: Collection[str]) -> Callable[[str], tuple[KeptVariant, ...]]:
    """Parser of :func:`kept_text`'s form; ``models`` holds the names a recipe may name (the
    registry itself, so that models brought at start-up count)."""

    def parse(raw: str) -> tuple[KeptVariant, ...]:
        kept: list[KeptVariant] = []
        for part in filter(None, raw.split(";")):
            model, kind, body = [*part.split(":", 2), "", ""][:3]
            if model not in models or kind not in KINDS:
                raise ValueError(part)
            cls = KINDS[kind]
            defaults = {f.name: getattr(cls(), f.name) for f in fields(cls)}
            values: dict[str, Any] = {}
            for item in filter(None, body.split(",")):
                name, sep, text = item.partition("=")
                if not sep or name not in defaults or name in values:
                    raise ValueError(item)
                values[name] = _parse_value(text, defaults[name])
            variant = KeptVariant(model, kind, cls(**values))  # settings validate their ranges
            if variant not in kept:
                kept.append(variant)
        if len(kept) > MAX_KEPT:
            raise ValueError(raw[:40])
        return tuple(kept)

    return parse
