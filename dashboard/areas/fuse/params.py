"""The Fuse page's URL parameters, bounded by the noise and retraining settings' ranges."""

from __future__ import annotations

from components.fusion.training import TRAINABLE, RetrainSettings
from components.url_state import UrlParam, bounded_float, bounded_int, choice, list_text, name_list
from models.av_digits import NoiseSettings
from models.fusion import FUSION_MODELS

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
