"""Cached work of the Explain page: the attribution maps, the sanity check's randomisation runs
and the agreement curves over pruning amounts, server-wide in :class:`ResultCache`s so that a
run reports its progress and a student who asks for what another already ran gets it at once.

The model behind a key never changes (zoo models are read-only), so keys name the model, the
input's digest, the target and the method with its parameters, never the model object itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from torch import nn

from components.explain import agreement_vs_pruning
from components.explain.attributions import Explanation, method_grid
from components.explain.inputs import ImageCase
from components.explain.methods import ParamValue
from components.explain.sanity import RandomisationStep, cascading_randomisation
from components.explain.view_data import attribution_fn
from components.progress import ProgressFn
from components.result_cache import ResultCache
from models.registry import ModelSpec

CURVE_AMOUNTS = tuple(np.round(np.linspace(0.0, 0.9, 10), 2))

Params = Mapping[str, ParamValue] | None

_RUNS: ResultCache = ResultCache("sanity", max_entries=16)
# Attribution maps: a student moving the opacity or toggling signed maps redraws them only.
_GRIDS: ResultCache[list[Explanation]] = ResultCache("attribution_grids", max_entries=32)
_CURVES: ResultCache = ResultCache("explain_agreement_curves", max_entries=16)


@_GRIDS.cached(
    key=lambda spec, model, case, methods, params, seed: (
        spec.name,
        case.key,
        case.target,
        tuple(methods),
        repr(sorted((m, sorted(p.items())) for m, p in params.items())),
        seed,
    )
)
def attribution_maps(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    methods: Sequence[str],
    params: Mapping[str, Mapping[str, ParamValue]],
    seed: int,
    progress: ProgressFn | None = None,
) -> list[Explanation]:
    """Every chosen method's map of ``case`` (``components.explain.method_grid``)."""
    return method_grid(model, case.x, case.target, methods, params, seed=seed, progress=progress)


@_RUNS.cached(
    key=lambda spec, model, case, method, params, seed: (
        spec.name,
        case.key,
        case.target,
        method,
        str(params),
        seed,
    )
)
def sanity_steps(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    method: str,
    params: Params,
    seed: int,
    progress: ProgressFn | None = None,
) -> list[RandomisationStep]:
    """The map of ``method`` as the model is randomised layer by layer from the top."""
    return cascading_randomisation(
        model, case.x, case.target, attribution_fn(method, params), seed=seed, progress=progress
    )


@_CURVES.cached(
    key=lambda spec, model, case, method, params, prune_method: (
        spec.name,
        case.key,
        case.target,
        method,
        str(params),
        prune_method,
    )
)
def agreement_curve(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    method: str,
    params: Params,
    prune_method: str,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """How far ``method``'s map drifts from the original's over :data:`CURVE_AMOUNTS` of
    ``prune_method`` (a table: amount, spearman, topk_overlap, prob)."""
    return agreement_vs_pruning(
        model,
        spec,
        case.x,
        case.target,
        method,
        prune_method=prune_method,
        amounts=CURVE_AMOUNTS,
        params=params,
        progress=progress,
    )
