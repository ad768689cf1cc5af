"""Every page's URL parameters, declared once from the backends' settings bounds, so that the
router knows all valid keys and each page validates its own values."""

from __future__ import annotations

import os

from components.acceleration import BACKENDS
from components.distillation import DistillSettings
from components.explain import METHODS as EXPLAIN_METHODS
from components.explain import ParamSpec
from components.fusion.training import TRAINABLE, RetrainSettings
from components.parallel import SCHEDULES, ParallelSettings
from components.pruning import METHODS as PRUNE_METHODS
from components.pruning import PruneSettings
from components.quantization import METHODS as QUANT_METHODS
from components.quantization import QuantSettings
from components.url_state import (
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
from models.av_digits import NoiseSettings
from models.fusion import FUSION_MODELS

COMPRESS_TECHNIQUES = ("prune", "quantize", "distill", "compare")
MAX_KEPT_FP32 = 6  # "keep the k most sensitive layers in fp32": enough to show the trade-off
MAX_NAME = 200  # characters of a layer name in the URL (checked against the model on the page)
MAX_CHANNEL = 4095  # output channels of one layer; the page clamps to the chosen layer's count

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
    UrlParam("quant_layer", "", text(MAX_NAME)),  # "": the first layer; checked on the page
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
]

AGREEMENT_MEASURES = ("spearman", "topk")


def method_param(method: str, spec: ParamSpec) -> UrlParam:
    """The URL parameter of one method control, with the bounds the method declares."""
    key = method_param_key(method, spec.name)
    if spec.name == "layer":  # a per-model choice ("": the last conv layer), checked on the page
        return UrlParam(key, "", text(MAX_NAME))
    if spec.kind == "choice":
        return UrlParam(key, spec.default, choice(spec.choices))
    if spec.kind == "int":
        return UrlParam(key, int(spec.default), bounded_int(int(spec.low), int(spec.high)))
    return UrlParam(key, float(spec.default), bounded_float(float(spec.low), float(spec.high)))


EXPLAIN_VIEWS = ("attributions", "faithfulness", "sanity", "attention", "gradients", "compressed")
EXPLAIN_SOURCES = ("test", "upload", "draw")
DEFAULT_METHODS = ("saliency", "integrated_gradients", "guided_backprop", "gradcam")
MAX_SENTENCE = 500  # characters in the URL; the model itself reads at most 64 tokens here

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
    UrlParam("grad_layer", "", text(MAX_NAME)),  # "": the first layer; checked on the page
    *(method_param(m, spec) for m, info in EXPLAIN_METHODS.items() for spec in info.params),
]

ACCELERATE_VIEWS = ("backends", "threads", "parallel", "compressed")
BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256)  # a log slider: powers of two
SEQ_CHOICES = (8, 16, 32, 64, 128)  # tokens, for the text model
PARALLEL_MODES = ("pipeline", "model", "data")
CORES = os.cpu_count() or 1

ACCELERATE_PARAMS: list[UrlParam] = [
    UrlParam("view", "backends", choice(ACCELERATE_VIEWS)),
    UrlParam(
        "backends", ("eager", "onnxruntime", "int8_dynamic"), name_list(len(BACKENDS)), list_text
    ),
    UrlParam("batch", 32, bounded_int(BATCH_CHOICES[0], BATCH_CHOICES[-1])),
    UrlParam("threads", CORES, bounded_int(1, CORES)),
    UrlParam("seq", 32, bounded_int(SEQ_CHOICES[0], SEQ_CHOICES[-1])),
    # parallel
    UrlParam("pmode", "pipeline", choice(PARALLEL_MODES)),
    UrlParam("stages", 2, bounded_int(*ParallelSettings.PROCESSES_RANGE)),
    UrlParam("splits", (), name_list(max_items=ParallelSettings.STAGES_RANGE[1] - 1), list_text),
    UrlParam("schedule", "gpipe", choice(list(SCHEDULES))),
    UrlParam("micro", 4, bounded_int(*ParallelSettings.MICROBATCHES_RANGE)),
    UrlParam("pbatch", ParallelSettings.DEFAULT_BATCH, bounded_int(*ParallelSettings.BATCH_RANGE)),
]

FUSE_VIEWS = ("sample", "robustness", "attribution", "attention", "compare", "train")
FUSE_TASKS = ("digit", "same")  # which digit? / are the image and the speech the same digit?
FUSE_SOURCES = ("test", "upload", "draw")
FUSE_DROPS = ("none", "image", "audio")
FUSE_MODELS = tuple(FUSION_MODELS)

FUSE_PARAMS: list[UrlParam] = [
    UrlParam("view", "sample", choice(FUSE_VIEWS)),
    UrlParam("task", "digit", choice(FUSE_TASKS)),
    UrlParam("strategy", "gated", choice(FUSE_MODELS)),
    UrlParam(
        "sigma",
        NoiseSettings.image_sigma,
        bounded_float(NoiseSettings.image_sigma_min, NoiseSettings.image_sigma_max),
    ),
    UrlParam(
        "snr",
        NoiseSettings.snr_db,
        bounded_float(NoiseSettings.snr_db_min, NoiseSettings.snr_db_max),
    ),
    UrlParam("drop", "none", choice(FUSE_DROPS)),
    UrlParam("source", "test", choice(FUSE_SOURCES)),
    UrlParam("index", 0, bounded_int(0, 449)),
    UrlParam("clip", -1, bounded_int(-1, 19)),  # -1: the pair's own speech; else a stored clip
    UrlParam("compare", ("late", "concat"), name_list(max_items=2), to_text=list_text),
    UrlParam("rstrategy", "concat", choice(tuple(TRAINABLE))),
    UrlParam("epochs", RetrainSettings.epochs, bounded_int(*RetrainSettings.EPOCHS_RANGE)),
    UrlParam(
        "hidden",
        RetrainSettings.hidden,
        bounded_int(RetrainSettings.HIDDEN_CHOICES[0], RetrainSettings.HIDDEN_CHOICES[-1]),
    ),
]

PAGE_PARAMS: dict[str, list[UrlParam]] = {
    "compress": COMPRESS_PARAMS,
    "explain": EXPLAIN_PARAMS,
    "accelerate": ACCELERATE_PARAMS,
    "fuse": FUSE_PARAMS,
}


def all_known_keys(shared: list[UrlParam]) -> set[str]:
    """Every key any page (or the shared sidebar) understands."""
    return {p.key for p in shared} | {p.key for ps in PAGE_PARAMS.values() for p in ps}
