"""Measures of the forgetting lesson (Compress → What it forgets): what a compressed model loses
class by class and under attack, on the data the page's view uses."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from components.fidelity import model_outputs
from components.forgetting import (
    AttackSettings,
    ClassDamage,
    class_damage,
    evaluation_sample,
    input_range,
    robust_accuracy,
)
from components.lesson_checks.compress import variant
from components.lesson_checks.registry import register, zoo_model
from models.registry import get_spec

# The page attacks a stratified sample of the test split, of AttackSettings' default size (all
# 450 test digits, seed 0): ``ATTACK_EXAMPLES["fgsm"]`` in dashboard/areas/compress/forgetting.py.
FGSM = AttackSettings("fgsm")


def _damage(s: Mapping[str, str]) -> ClassDamage:
    """Per-class damage of the page's pruned variant on the whole test split (its first chart)."""
    spec = get_spec(s["model"])
    data = spec.load_data()
    original = model_outputs(zoo_model(s["model"]), spec)
    pruned = model_outputs(variant(s), spec)
    names = getattr(data, "class_names", None)
    names = [str(c) for c in (names if names is not None else range(original.shape[1]))]
    return class_damage(data.y_test, original.argmax(1), pruned.argmax(1), names)


@functools.lru_cache(maxsize=8)
def _cached_damage(items: tuple[tuple[str, str], ...]) -> ClassDamage:
    return _damage(dict(items))


def damage(s: Mapping[str, str]) -> ClassDamage:
    """:func:`_damage` once per settings (the forgetting view's own keys change nothing)."""
    ignored = ("fvariant", "attack", "eps", "noise_index")
    return _cached_damage(tuple(sorted((k, v) for k, v in s.items() if k not in ignored)))


@register("forget_class_drop", "fraction")
def forget_class_drop(s: Mapping[str, str], name: str) -> float:
    """The original's accuracy (recall) on class ``name`` minus the variant's."""
    result = damage(s)
    return float(result.damage[result.class_names.index(name)])


@register("forget_accuracy_drop", "fraction")
def forget_accuracy_drop(s: Mapping[str, str], _arg: str) -> float:
    """The original's test accuracy minus the variant's."""
    result = damage(s)
    return result.original_accuracy - result.variant_accuracy


@register("forget_fgsm_gap", "fraction")
def forget_fgsm_gap(s: Mapping[str, str], _arg: str) -> float:
    """Accuracy under FGSM at ε = ``s["eps"]`` of the original minus the variant's, each
    attacked through its own gradient on the page's sample (ε = 0: the clean gap there)."""
    spec = get_spec(s["model"])
    original = zoo_model(s["model"])
    sample = evaluation_sample(spec, original, FGSM.n_examples, FGSM.seed)
    settings = AttackSettings("fgsm", epsilons=(float(s.get("eps", 0.1)),))
    models = {"original": original, "variant": variant(s)}
    bounds = input_range(spec.load_data())
    curves = robust_accuracy(models, sample.inputs[0], sample.labels, settings, bounds).curves
    return curves[0].accuracy[0] - curves[1].accuracy[0]
