"""Every cache of the Compress page; the variants themselves live in ``dashboard.shared.variants``
(Accelerate and Explain measure them too)."""

from __future__ import annotations

import functools

from components.lesson_checks.compress import distill_settings, prune_settings, quant_settings
from components.lessons import Lesson
from components.warmup import WarmupJob
from dashboard.shared import variants


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
