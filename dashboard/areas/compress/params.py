"""The Compress page's URL parameters, bounded by the backends' settings ranges."""

from __future__ import annotations

from components.distillation import DistillSettings
from components.forgetting import AttackSettings
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
    name_list,
    text,
)

COMPRESS_TECHNIQUES = ("prune", "quantize", "distill", "compare", "forget", "graph")
MAX_KEPT_FP32 = 6  # "keep the k most sensitive layers in fp32": enough to show the trade-off
# What compression forgets: which of the listed variants is shown in detail (0: the current
# pruning, 1: the current quantization, then the kept ones; the page clamps to the list).
MAX_FORGET_VARIANT = 7
MAX_FORGET_EPSILON = 1.0  # every model here is at 0 % long before (components.forgetting.attacks)
MAX_CHANNEL = 4095  # output channels of one layer; the page clamps to the chosen layer's count
# The code GPT (dashboard/areas/compress/llm.py): which variant continues the prompt next to the
# original (every row of its table but fp32), the prompt and how many greedy tokens.
LLM_COMPARED = (
    "int8_weight_only",
    "int4_weight_only",
    "dynamic_int8",
    "heads_25",
    "heads_50",
    "ffn_25",
    "ffn_50",
    "student",
)
LLM_PROMPT = "def __init__(self, name"
LLM_NEW_TOKENS = (8, 128)  # components.llm.side_by_side.NEW_TOKENS_RANGE
MAX_LLM_PROMPT_CHARS = 4000  # more than the model's 512 positions hold: the page says so

COMPRESS_PARAMS: list[UrlParam] = [
    UrlParam("technique", "prune", choice(COMPRESS_TECHNIQUES)),
    # pruning
    UrlParam("method", PruneSettings.method, choice(list(PRUNE_METHODS))),
    UrlParam("amount", PruneSettings.amount, bounded_float(*PruneSettings.AMOUNT_RANGE)),
    UrlParam("scope", PruneSettings.scope, choice(("layer", "global"))),
    UrlParam("layers", PruneSettings.layers, choice(("all", "conv", "linear", "pick"))),
    UrlParam("picked", (), name_list(), to_text=list_text),
    UrlParam("finetune", PruneSettings.finetune_epochs, bounded_int(*PruneSettings.FINETUNE_RANGE)),
    UrlParam("inspect", "", name_list(max_items=1), to_text=list_text),
    # quantization
    UrlParam("qmethod", QuantSettings.method, choice(list(QUANT_METHODS))),
    UrlParam("per_channel", QuantSettings.per_channel, boolean, to_text=bool_text),
    UrlParam(
        "calib",
        QuantSettings.calibration_batches,
        bounded_int(*QuantSettings.CALIBRATION_RANGE),
    ),
    UrlParam("keep", 0, bounded_int(0, MAX_KEPT_FP32)),
    UrlParam("quant_layer", "", text(MAX_LAYER_NAME)),  # "": the first layer; checked on the page
    UrlParam("quant_channel", 0, bounded_int(0, MAX_CHANNEL)),
    # distillation
    UrlParam("width", DistillSettings.width, bounded_float(*DistillSettings.WIDTH_RANGE)),
    UrlParam(
        "temp", DistillSettings.temperature, bounded_float(*DistillSettings.TEMPERATURE_RANGE)
    ),
    UrlParam("alpha", DistillSettings.alpha, bounded_float(*DistillSettings.ALPHA_RANGE)),
    UrlParam("epochs", DistillSettings.epochs, bounded_int(*DistillSettings.EPOCHS_RANGE)),
    # side by side: "disagreements first" of each technique's prediction grid
    UrlParam("prune_first", True, boolean, to_text=bool_text),
    UrlParam("quant_first", True, boolean, to_text=bool_text),
    UrlParam("distill_first", True, boolean, to_text=bool_text),
    UrlParam("sample", 0, bounded_int(0, 10_000)),
    # what compression forgets
    UrlParam("fvariant", 0, bounded_int(0, MAX_FORGET_VARIANT)),
    UrlParam("attack", "fgsm", choice(AttackSettings.ATTACKS)),
    UrlParam("eps", 0.1, bounded_float(0.0, MAX_FORGET_EPSILON)),
    UrlParam("noise_index", 0, bounded_int(0, 10_000)),  # the page clamps to the test split
    # the code GPT
    UrlParam("llm_variant", "int8_weight_only", choice(LLM_COMPARED)),
    UrlParam("llm_prompt", LLM_PROMPT, text(MAX_LLM_PROMPT_CHARS)),
    UrlParam("llm_new_tokens", 64, bounded_int(*LLM_NEW_TOKENS)),
]
