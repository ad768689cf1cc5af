"""The Explain page's URL parameters, each method's controls as the method declares them."""

from __future__ import annotations

from components.explain import ATTRIBUTION_METHODS, ParamSpec
from components.explain.concepts import CONCEPTS, TcavSettings
from components.explain.influence import INFLUENCE_METHODS, InfluenceSettings
from components.llm import DEFAULT_PROMPT
from components.llm.attribution import METHODS as LLM_METHODS
from components.llm.compare import COMPARE_VARIANTS
from components.llm.prompts import NEW_TOKENS_RANGE
from components.pruning import PRUNE_METHODS, PruneSettings
from components.quantization import QUANT_METHODS, QuantSettings
from components.url_state import (
    MAX_LAYER_NAME,
    UrlParam,
    bool_text,
    boolean,
    bounded_float,
    bounded_int,
    choice,
    list_text,
    method_param_key,
    name_list,
    text,
)

AGREEMENT_MEASURES = ("spearman", "topk")


def method_param(method: str, spec: ParamSpec) -> UrlParam:
    """The URL parameter of one method control, with the bounds the method declares."""
    key = method_param_key(method, spec.name)
    if spec.name == "layer":  # a per-model choice ("": the last conv layer), checked on the page
        return UrlParam(key, "", text(MAX_LAYER_NAME))
    if spec.kind == "choice":
        return UrlParam(key, spec.default, choice(spec.choices))
    if spec.kind == "int":
        return UrlParam(key, int(spec.default), bounded_int(int(spec.low), int(spec.high)))
    return UrlParam(key, float(spec.default), bounded_float(float(spec.low), float(spec.high)))


EXPLAIN_VIEWS = (
    "attributions",
    "faithfulness",
    "sanity",
    "attention",
    "gradients",
    "compressed",
    "influence",
    "concepts",
)
EXPLAIN_SOURCES = ("test", "upload", "draw")
DEFAULT_METHODS = ("saliency", "integrated_gradients", "guided_backprop", "gradcam")
MAX_SENTENCE = 500  # characters in the URL; the model itself reads at most 64 tokens here
# The code GPT's prompt in the URL: longer than its token limit allows, so that the page (not
# the URL parser) says the prompt is too long, in tokens.
MAX_LLM_PROMPT = 2_000

EXPLAIN_PARAMS: list[UrlParam] = [
    UrlParam("view", "attributions", choice(EXPLAIN_VIEWS)),
    UrlParam("source", "test", choice(EXPLAIN_SOURCES)),
    UrlParam("index", 0, bounded_int(0, 449)),
    UrlParam("target", -1, bounded_int(-1, 9)),  # -1: the predicted class
    UrlParam("methods", DEFAULT_METHODS, name_list(max_items=9), to_text=list_text),
    UrlParam("opacity", 0.6, bounded_float(0.0, 1.0)),
    UrlParam("signed", True, boolean, to_text=bool_text),
    UrlParam("focus", ("integrated_gradients",), name_list(max_items=1), to_text=list_text),
    UrlParam("k", 0.2, bounded_float(0.0, 1.0)),
    UrlParam("layer", 3, bounded_int(0, 5)),
    UrlParam("head", -1, bounded_int(-1, 11)),  # -1: mean over heads
    UrlParam("sentence", "The cat is sleeping on the sofa.", text(MAX_SENTENCE)),
    UrlParam("reference", "A kitten naps on the couch.", text(MAX_SENTENCE)),
    UrlParam("pamount", 0.5, bounded_float(*PruneSettings.AMOUNT_RANGE)),
    UrlParam("pmethod", "l1_unstructured", choice(list(PRUNE_METHODS))),
    # Keys below are the widgets' keys without "explain_", so existing widget keys stay.
    UrlParam("agreement_measure", "spearman", choice(AGREEMENT_MEASURES)),
    UrlParam("cmp_kind", "prune", choice(("prune", "quantize"))),
    UrlParam("cmp_qmethod", QuantSettings.method, choice(list(QUANT_METHODS))),
    UrlParam("grad_layer", "", text(MAX_LAYER_NAME)),  # "": the first layer; checked on the page
    # Training-data influence (TracIn) and concepts (TCAV); their variant: pmethod and pamount.
    UrlParam("inf_method", InfluenceSettings.method, choice(INFLUENCE_METHODS)),
    UrlParam("inf_k", InfluenceSettings.k, bounded_int(*InfluenceSettings.K_RANGE)),
    UrlParam("inf_compare", False, boolean, to_text=bool_text),
    UrlParam("tcav_class", TcavSettings.target, bounded_int(0, 9)),
    UrlParam(
        "tcav_concepts",
        TcavSettings.concepts,
        name_list(max_items=len(CONCEPTS)),
        to_text=list_text,
    ),
    UrlParam("tcav_layers", (), name_list(max_items=4), to_text=list_text),  # (): the defaults
    UrlParam("tcav_runs", TcavSettings.runs, bounded_int(*TcavSettings.RUNS_RANGE)),
    UrlParam("tcav_compare", True, boolean, to_text=bool_text),
    *(method_param(m, spec) for m, info in ATTRIBUTION_METHODS.items() for spec in info.params),
    # The code GPT (dashboard/areas/explain/llm.py): prompt, continuation, method, attention.
    UrlParam("llm_prompt", DEFAULT_PROMPT, text(MAX_LLM_PROMPT)),
    UrlParam("llm_new", 8, bounded_int(*NEW_TOKENS_RANGE)),
    UrlParam("llm_method", "feature_ablation", choice(list(LLM_METHODS))),
    UrlParam("llm_layer", 1, bounded_int(1, 16)),  # block n, as the logit lens names it
    UrlParam("llm_head", -1, bounded_int(-1, 15)),  # -1: mean over heads
    UrlParam("llm_variant", "int8_weight_only", choice(COMPARE_VARIANTS)),
]
