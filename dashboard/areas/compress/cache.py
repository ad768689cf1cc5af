"""Every cache of the Compress page. The variants themselves (pruned, quantized, distilled and
their comparison) live in ``dashboard.shared.variants``: Accelerate and Explain measure them too.

Sweeps are :class:`ResultCache` so that the work can draw its progress on the page; small
pickle-friendly results use ``st.cache_data``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import streamlit as st
import torch

from components.acceleration import make_inputs
from components.compare import comparison_batch
from components.distillation import DistillSettings
from components.distillation.experiment import CurvesFn
from components.forgetting import (
    AdversarialExample,
    AdversarialImages,
    AttackSettings,
    ClassDamage,
    DriftResult,
    DriftSettings,
    EvalSample,
    ForgettingApplicability,
    ForgottenExamples,
    NoiseFlip,
    NoiseSearch,
    ParaphraseDamage,
    PieResult,
    PieSettings,
    Projection,
    RobustCurves,
    adversarial_example,
    adversarial_images,
    class_damage,
    evaluation_sample,
    forgetting_applicability,
    forgotten_examples,
    input_range,
    layer_grams,
    paraphrase_damage,
    penultimate_projection,
    pruning_identified_exemplars,
    representation_drift,
    robust_accuracy,
    smallest_flipping_noise,
)
from components.graph import ModelGraph, build_graph, repeated_blocks, variant_graph
from components.images import display_images
from components.jobs import HEAVY_JOBS
from components.lesson_checks.compress import distill_settings, prune_settings, quant_settings
from components.lessons import Lesson
from components.llm.variants import STUDENT
from components.model_card import SentenceSimilarity, sample_sentence_similarity
from components.profiling import OperatorProfile, ProfileSettings, profile_model
from components.progress import ProgressFn, no_progress
from components.pruning import PruneSettings, amount_sweep, layer_sensitivity
from components.quantization import (
    Int8Grid,
    QuantSettings,
    layer_int8_grid,
    layer_quant_error,
    sensitive_layers,
)
from components.result_cache import ResultCache
from components.warmup import WarmupJob
from dashboard.shared import variants
from dashboard.shared.resources import shared_model
from models.registry import get_spec

SWEEP_POINTS = 11  # 0 %, 9.5 %, … 95 %
SENSITIVITY_AMOUNTS = (0.3, 0.6, 0.9)

# Sweeps are heavy jobs (a bounded number run at once, components.jobs), and hold latencies:
# they keep when and under what load they ran, and can be re-measured.
_SWEEPS: ResultCache[pd.DataFrame] = ResultCache("sweeps", 16, HEAVY_JOBS, measured=True)


# A sweep covers every amount and fine-tunes none: neither is part of its key.
@_SWEEPS.cached(
    key=lambda name, settings, threads: (
        "sweep",
        name,
        settings.method,
        settings.scope,
        settings.layers,
        settings.picked,
        threads,
    )
)
def sweep(
    name: str, settings: PruneSettings, threads: int, *, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Accuracy, FLOPs and latency of the original pruned at :data:`SWEEP_POINTS` amounts."""
    amounts = np.linspace(0.0, PruneSettings.AMOUNT_RANGE[1], SWEEP_POINTS).round(4).tolist()
    return amount_sweep(
        shared_model(name),
        get_spec(name),
        settings.method,
        amounts,
        scope=settings.scope,
        layers=settings.layers,
        picked=settings.picked,
        progress=progress,
        batch_size=comparison_batch(get_spec(name)),
    )


@_SWEEPS.cached(
    key=lambda name, settings: (
        "sensitivity",
        name,
        settings.method,
        settings.layers,
        settings.picked,
    )
)
def sensitivity(
    name: str, settings: PruneSettings, *, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Quality drop when one layer at a time is pruned at :data:`SENSITIVITY_AMOUNTS`."""
    return layer_sensitivity(
        shared_model(name),
        get_spec(name),
        settings.method,
        SENSITIVITY_AMOUNTS,
        layers=settings.layers,
        progress=progress,
    )


# The curves of trainings in progress, so far: a background training writes them after every
# epoch, and the page draws them while it waits (the finished result carries its own).
_CURVES: ResultCache[pd.DataFrame] = ResultCache("training_curves", max_entries=16)


def curve_recorder(name: str, settings: DistillSettings) -> CurvesFn:
    """The ``on_epoch`` callback that keeps the curves of training ``name`` with ``settings``."""

    return lambda curves: _CURVES.put(("distill", name, settings), curves.copy())


def curves_so_far(name: str, settings: DistillSettings) -> pd.DataFrame | None:
    """The curves that training ``name`` with ``settings`` has reported so far (None: none)."""
    return _CURVES.peek(("distill", name, settings))


@st.cache_data(show_spinner=False, max_entries=8)
def most_sensitive_layers(name: str, k: int) -> list[str]:
    """The ``k`` layers whose int8 quantization hurts the output most (kept in fp32 on request)."""
    if k <= 0:
        return []
    return sensitive_layers(shared_model(name), get_spec(name), k)


@st.cache_data(show_spinner=False, max_entries=16)
def layer_errors(name: str, settings: QuantSettings) -> pd.DataFrame:
    """Per-layer quantization error of the original ``name`` (``layer_quant_error``)."""
    return layer_quant_error(shared_model(name), get_spec(name), settings)


@st.cache_data(show_spinner=False, max_entries=32)
def int8_grid(name: str, layer: str, per_channel: bool, channel: int) -> Int8Grid:
    """The int8 grid of one layer of the original ``name`` (MiniLM's largest has 11.7 M
    weights: their scales are worth computing once)."""
    return layer_int8_grid(shared_model(name), layer, per_channel, channel)


@st.cache_data(show_spinner=False, max_entries=32)
def sentence_similarity(name: str, recipe: variants.Recipe, seed: int) -> SentenceSimilarity:
    """Cosine similarities of the seeded sentence pairs under the variant ``recipe`` of
    ``name`` (``("original", None)``: the original): an encoder run worth skipping on reruns."""
    kind, settings = recipe
    model = variants.variant_model(kind, name, settings)
    return sample_sentence_similarity(model, get_spec(name).load_data(), pairs=4, seed=seed)


def warmup_jobs(lesson: Lesson, threads: int) -> list[WarmupJob]:
    """The lesson's default view: its pruned or quantized model and comparison, or its student."""
    s, name = lesson.settings, lesson.settings.get("model", "")
    technique = s.get("technique")
    if technique == "distill":
        train = functools.partial(variants.distilled, name, distill_settings(s))
        return [WarmupJob(f"{lesson.id} training", train)]
    if technique not in ("prune", "quantize"):
        return []
    settings = prune_settings(s) if technique == "prune" else quant_settings(s)
    view = variants.pruned if technique == "prune" else variants.quantized
    compare = functools.partial(variants.compare, name, ((technique, settings),), threads)
    return [
        WarmupJob(f"{lesson.id} view", functools.partial(view, name, settings)),
        WarmupJob(f"{lesson.id} compare", compare),
    ]


# --- What compression forgets (issue #18) --------------------------------------------------
# Every result is keyed by (model, variant recipe, settings) and computed on private copies by
# the backend (components.forgetting). Attacks, PIE and CKA are heavy jobs.
_FORGET: ResultCache[object] = ResultCache("forgetting", max_entries=64)
_FORGET_HEAVY: ResultCache[object] = ResultCache("forgetting_heavy", 32, HEAVY_JOBS)


@st.cache_resource(show_spinner=False, max_entries=8)
def forgetting_applies(name: str) -> ForgettingApplicability:
    """What the forgetting view can show for the original ``name`` (read-only)."""
    return forgetting_applicability(shared_model(name), get_spec(name))


def _test_inputs(data) -> tuple[torch.Tensor, ...]:
    return tuple(getattr(data, "test_inputs", (data.x_test,)))


def _class_names(data, classes: int) -> list[str]:
    names = getattr(data, "class_names", None)
    return list(names) if names is not None else [str(c) for c in range(classes)]


@_FORGET.cached(key=lambda name, recipe: ("damage", name, recipe))
def forgetting(
    name: str, recipe: variants.Recipe, *, progress: ProgressFn | None = None
) -> tuple[ClassDamage, ForgottenExamples]:
    """Per-class damage and forgotten examples of the variant on the whole test split."""
    data = get_spec(name).load_data()
    original = variants.reference_outputs(name).float()
    variant = variants.variant_outputs(name, recipe).float()
    names = _class_names(data, original.shape[1])
    damage = class_damage(data.y_test, original.argmax(1), variant.argmax(1), names)
    return damage, forgotten_examples(data.y_test, original.softmax(1), variant.softmax(1))


@st.cache_data(show_spinner=False, max_entries=32)
def test_pictures(name: str, indices: tuple[int, ...]) -> list[np.ndarray]:
    """The test inputs at ``indices`` as pictures in [0, 1]."""
    data = get_spec(name).load_data()
    return list(display_images(data, data.x_test[list(indices)]))


@_FORGET_HEAVY.cached(key=lambda name, settings: ("pie", name, settings))
def pie(name: str, settings: PieSettings, *, progress: ProgressFn | None = None) -> PieResult:
    """The pruning-identified exemplars of the original under ``settings``' pruned copies."""
    return pruning_identified_exemplars(
        shared_model(name),
        get_spec(name),
        settings,
        original_outputs=variants.reference_outputs(name),
        progress=progress,
    )


@_FORGET_HEAVY.cached(key=lambda name, recipes, settings: ("drift", name, recipes, settings))
def drift(
    name: str,
    recipes: tuple[variants.Recipe, ...],
    settings: DriftSettings,
    *,
    progress: ProgressFn | None = None,
) -> tuple[EvalSample, list[DriftResult]]:
    """The fixed sample and the linear CKA per layer of each variant with the original."""
    report = progress or no_progress
    spec, original = get_spec(name), shared_model(name)
    sample = evaluation_sample(spec, original, settings.n_examples, settings.seed)
    report(0.0, "original")
    grams = layer_grams(original, sample.inputs)
    results = []
    for i, (kind, recipe_settings) in enumerate(recipes):
        report((i + 1) / (len(recipes) + 1), f"{i + 1}/{len(recipes)}")
        model = variants.variant_model(kind, name, recipe_settings)
        results.append(representation_drift(original, model, sample.inputs, original_grams=grams))
    return sample, results


@_FORGET.cached(key=lambda name, recipe: ("projection", name, recipe))
def projection(
    name: str, recipe: variants.Recipe, *, progress: ProgressFn | None = None
) -> Projection:
    """Both models' penultimate features on the whole test split in the original's PCA axes."""
    data = get_spec(name).load_data()
    _, forgotten = forgetting(name, recipe)
    kind, settings = recipe
    model = variants.variant_model(kind, name, settings)
    inputs = _test_inputs(data)
    return penultimate_projection(shared_model(name), model, inputs, data.y_test, forgotten.indices)


def _attack_sample(name: str, settings: AttackSettings) -> tuple[EvalSample, object]:
    spec = get_spec(name)
    sample = evaluation_sample(spec, shared_model(name), settings.n_examples, settings.seed)
    return sample, input_range(spec.load_data())


@_FORGET_HEAVY.cached(key=lambda name, recipes, settings: ("robust", name, recipes, settings))
def robustness(
    name: str,
    recipes: tuple[variants.Recipe, ...],
    settings: AttackSettings,
    *,
    progress: ProgressFn | None = None,
) -> RobustCurves:
    """Accuracy under attack of the original (curve "0") and each recipe (curve "1", "2" …)
    on the same stratified sample; models without gradients meet the original's inputs."""
    sample, bounds = _attack_sample(name, settings)
    models = {"0": shared_model(name)}
    for i, (kind, recipe_settings) in enumerate(recipes, start=1):
        models[str(i)] = variants.variant_model(kind, name, recipe_settings)
    x, y = sample.inputs[0], sample.labels
    return robust_accuracy(models, x, y, settings, bounds, progress=progress)


@_FORGET_HEAVY.cached(
    key=lambda name, recipe, settings, epsilon: ("adversarial", name, recipe, settings, epsilon)
)
def adversarial(
    name: str,
    recipe: variants.Recipe,
    settings: AttackSettings,
    epsilon: float,
    *,
    progress: ProgressFn | None = None,
) -> tuple[AdversarialExample, AdversarialImages, int]:
    """One adversarial example at ``epsilon`` for the original and the variant, its pictures
    and its position in the test split."""
    sample, bounds = _attack_sample(name, settings)
    kind, recipe_settings = recipe
    model = variants.variant_model(kind, name, recipe_settings)
    x, y = sample.inputs[0], sample.labels
    example = adversarial_example(shared_model(name), model, x, y, epsilon, settings, bounds)
    images = adversarial_images(example, get_spec(name).load_data())
    return example, images, int(sample.indices[example.index])


@_FORGET.cached(key=lambda name, recipe, index, search: ("noise", name, recipe, index, search))
def noise_flips(
    name: str,
    recipe: variants.Recipe,
    index: int,
    search: NoiseSearch,
    *,
    progress: ProgressFn | None = None,
) -> tuple[NoiseFlip, NoiseFlip]:
    """The smallest flipping noise of test example ``index`` for the original and the variant."""
    data = get_spec(name).load_data()
    x = _test_inputs(data)[0][index : index + 1]
    bounds = input_range(data)
    kind, settings = recipe
    model = variants.variant_model(kind, name, settings)
    original = smallest_flipping_noise(shared_model(name), x, search, bounds)
    return original, smallest_flipping_noise(model, x, search, bounds)


@_FORGET.cached(key=lambda name, recipe: ("paraphrase", name, recipe))
def paraphrases(
    name: str, recipe: variants.Recipe, *, progress: ProgressFn | None = None
) -> ParaphraseDamage:
    """The paraphrase pairs the original retrieves and the sentence-encoder variant does not."""
    original = variants.reference_outputs(name)
    data = get_spec(name).load_data()
    return paraphrase_damage(original, variants.variant_outputs(name, recipe), data)


@st.cache_data(show_spinner=False, max_entries=8)
def class_names(name: str) -> list[str]:
    """The class names of ``name``'s data (the class numbers where it names none)."""
    return _class_names(get_spec(name).load_data(), int(variants.reference_outputs(name).shape[1]))


@st.cache_data(show_spinner=False, max_entries=8)
def test_size(name: str) -> int:
    """How many test inputs ``name``'s data has."""
    return len(_test_inputs(get_spec(name).load_data())[0])


# --- architecture graph and operator profiles (issue #20) -------------------------------------

GRAPH_TOKENS = 8  # text models are traced on one short sentence: the graph is the same
# The "why" of the pruning section profiles at a fixed size, like the Accelerate page's default
# text length: 8 items (32 tokens each for text).
WHY_BATCH = 8
WHY_TOKENS = 32
_GRAPHS: ResultCache[ModelGraph] = ResultCache("model_graphs", 32)
_PROFILES: ResultCache[OperatorProfile] = ResultCache(
    "compress_profiles", 16, HEAVY_JOBS, measured=True
)


@_GRAPHS.cached(key=lambda name, recipe: (name, recipe))
def model_graph(
    name: str, recipe: variants.Recipe, *, progress: ProgressFn | None = None
) -> ModelGraph:
    """The architecture graph of the original (``ORIGINAL``) or of a variant (torch.fx, else
    torch.export; a variant neither traces gets the original's graph with its own numbers)."""
    spec, original = get_spec(name), shared_model(name)
    inputs = make_inputs(spec, original, 1, GRAPH_TOKENS)
    if recipe == variants.ORIGINAL:
        return build_graph(original, inputs)
    model = variants.variant_model(recipe[0], name, recipe[1])
    return variant_graph(model_graph(name, variants.ORIGINAL), model, inputs)


@st.cache_resource(show_spinner=False, max_entries=16)
def graph_blocks(name: str) -> dict[str, str]:
    """Module path → the repeated block it lies in (what the graph collapses)."""
    return repeated_blocks(shared_model(name))


@_PROFILES.cached(key=lambda name, recipe, threads: (name, recipe, threads))
def operator_profile(
    name: str, recipe: variants.Recipe, threads: int, *, progress: ProgressFn | None = None
) -> OperatorProfile:
    """The eager operator profile of the original or a variant at :data:`WHY_BATCH` items."""
    spec = get_spec(name)
    model = variants.variant_model(recipe[0], name, recipe[1])
    inputs = make_inputs(spec, model, WHY_BATCH, WHY_TOKENS)
    # The page cites shares only: no trace kept (MiniLM's would be megabytes per entry).
    settings = ProfileSettings(threads=threads, trace=False)
    return profile_model(model, inputs, settings, progress)


# Both profiles of the "why" as one result: the page asks for the pair and waits once.
_WHY: ResultCache[tuple[OperatorProfile, OperatorProfile]] = ResultCache(
    "why_profiles", 16, HEAVY_JOBS, measured=True
)


@_WHY.cached(key=lambda name, recipe, threads: (name, recipe, threads))
def why_profiles(
    name: str, recipe: variants.Recipe, threads: int, *, progress: ProgressFn | None = None
) -> tuple[OperatorProfile, OperatorProfile]:
    """(original's, variant's) profiles, the original first."""
    return (
        operator_profile(name, variants.ORIGINAL, threads),
        operator_profile(name, recipe, threads),
    )


# --- the code GPT (issue #22): its variants judged by perplexity, size and tokens/s ----------
# Every variant is built once per server from the shared teacher (deep copies: the teacher is
# never touched) and is itself shared and read-only. The distilled student is loaded from its
# own weights, not built.
LLM_STUDENT = STUDENT
LLM_SPEED_PROMPT = "def __init__(self, "  # 8 tokens; the speed of generating after it
LLM_SPEED_NEW_TOKENS = 64
LLM_SPEED_ROUNDS = 7  # each variant timed once per round, in turn: 9 × 7 generations ≈ 20 s
_LLM_MODELS: ResultCache[torch.nn.Module] = ResultCache("llm_variant_models", 12)
_LLM_RESULTS: ResultCache[object] = ResultCache("llm_compress", 48)
_LLM_SPEED: ResultCache[pd.DataFrame] = ResultCache("llm_speed", 8, HEAVY_JOBS, measured=True)


def llm_variant_names() -> tuple[str, ...]:
    """The table's rows in order: fp32, the quantized and pruned variants, the student."""
    from components.llm.variants import all_variants

    return (*all_variants(), LLM_STUDENT)


@_LLM_MODELS.cached(key=lambda name, variant: ("llm_model", name, variant))
def llm_variant_model(
    name: str, variant: str, *, progress: ProgressFn | None = None
) -> torch.nn.Module:
    """The variant ``variant`` of the code GPT ``name`` (shared by every session: read-only)."""
    from components.llm import build_variant
    from models.gpt import STUDENT, load_gpt

    if variant == LLM_STUDENT:
        return load_gpt(STUDENT)
    return build_variant(variant, shared_model(name))


@_LLM_RESULTS.cached(key=lambda name: ("llm_quality", name))
def llm_quality(name: str, *, progress: ProgressFn | None = None) -> pd.DataFrame:
    """One row per variant: validation perplexity (``components.llm.validation_perplexity``,
    the first ``EVAL_TOKENS`` validation tokens), bytes saved with torch.save, parameters."""
    from components.llm import size_bytes, validation_perplexity
    from models.gpt import parameter_count

    report, names, rows = progress or no_progress, llm_variant_names(), []
    for i, variant in enumerate(names):
        report(i / len(names), variant)
        model = llm_variant_model(name, variant)
        ppl = validation_perplexity(model)
        rows.append(
            {
                "variant": variant,
                "perplexity": ppl.perplexity,
                "tokens": ppl.tokens,
                "ppl_seconds": ppl.seconds,
                "size_bytes": size_bytes(model),
                # quantized Linears keep their weights in other types: count the fp32 shape
                "params": parameter_count(model),
            }
        )
    table = pd.DataFrame(rows)
    quantized = ~table["variant"].isin(("fp32", LLM_STUDENT, *_pruned_names()))
    table.loc[quantized, "params"] = int(table.loc[table["variant"] == "fp32", "params"].iloc[0])
    return table


def _pruned_names() -> tuple[str, ...]:
    from components.llm.pruning import PRUNED_VARIANTS

    return tuple(PRUNED_VARIANTS)


@_LLM_SPEED.cached(key=lambda name, threads: ("llm_speed", name, threads))
def llm_speed(name: str, threads: int, *, progress: ProgressFn | None = None) -> pd.DataFrame:
    """One row per variant: greedy generation of :data:`LLM_SPEED_NEW_TOKENS` tokens after
    :data:`LLM_SPEED_PROMPT` (KV cache on, batch 1, ``threads`` threads), every variant timed
    in turn over :data:`LLM_SPEED_ROUNDS` rounds (``interleaved_generation_speeds``)."""
    from components.llm.timing import interleaved_generation_speeds
    from models.gpt import load_tokenizer

    ids = torch.tensor([load_tokenizer().encode(LLM_SPEED_PROMPT, add_special_tokens=False)])
    models = {variant: llm_variant_model(name, variant) for variant in llm_variant_names()}
    speeds = interleaved_generation_speeds(
        models,
        ids,
        LLM_SPEED_NEW_TOKENS,
        threads=threads,
        rounds=LLM_SPEED_ROUNDS,
        progress=progress,
    )
    return pd.DataFrame(
        [
            {
                "variant": variant,
                "median_s": speed.median_s,
                "iqr_s": speed.iqr_s,
                "runs": speed.runs,
                "tokens_per_s": speed.tokens_per_s,
                "prompt_tokens": int(ids.shape[1]),
            }
            for variant, speed in speeds.items()
        ]
    )


@_LLM_RESULTS.cached(
    key=lambda name, variant, prompt, new_tokens: ("llm_side", name, variant, prompt, new_tokens)
)
def llm_side_by_side(
    name: str, variant: str, prompt: str, new_tokens: int, *, progress: ProgressFn | None = None
):
    """Both greedy continuations of ``prompt`` (original, variant) and where they part
    (``components.llm.side_by_side``)."""
    from components.llm.side_by_side import side_by_side
    from models.gpt import load_tokenizer

    model = llm_variant_model(name, variant)
    return side_by_side(shared_model(name), model, load_tokenizer(), prompt, new_tokens)
