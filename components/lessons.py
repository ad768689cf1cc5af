"""The lessons on Home: one per technique, declared once as data.

A lesson names its area, the page that teaches it and the URL settings that open the right view
there (the page's own keys from ``dashboard.url_params`` plus the shared ``model``). Its texts are
``lesson.<id>.title``, ``lesson.<id>.text`` and ``lesson.<id>.try`` in ``components.strings``.
Home draws one card per lesson with a link carrying :meth:`Lesson.query`; tests check that every
lesson's settings parse cleanly against its page and that every text exists in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

AREAS = ("compress", "accelerate", "explain", "fuse")

# A link that carries ``lesson=<id>`` applies its settings even when the page was visited before
# in this session (pages otherwise read the URL only on their first visit); the router removes
# the marker at once, so later changes by the student stick. See ``dashboard.state``.
LESSON_KEY = "lesson"


@dataclass(frozen=True)
class Lesson:
    """One technique: where it is taught and the view that shows it."""

    id: str
    area: str  # one of AREAS: the group it is shown under on Home
    page: str  # views/<page>.py, also the page's url_path
    # URL values, as text: the page's own keys and, where the lesson needs one, ``model``.
    settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def title_key(self) -> str:
        return f"lesson.{self.id}.title"

    @property
    def text_key(self) -> str:
        return f"lesson.{self.id}.text"

    @property
    def try_key(self) -> str:
        return f"lesson.{self.id}.try"

    def query(self) -> dict[str, str]:
        """The link's query string: the marker first, then the settings."""
        return {LESSON_KEY: self.id, **self.settings}


def _lesson(lesson_id: str, area: str, page: str, **settings: str) -> Lesson:
    return Lesson(lesson_id, area, page, MappingProxyType(settings))


# Every lesson of the model pages names its model: the "try this" prompts describe what that
# model does (LeNet's accuracy under pruning, the Tiny ViT's attention), so a link opens the view
# they describe.
LESSONS: tuple[Lesson, ...] = (
    # --- compress ---------------------------------------------------------------------------
    _lesson(
        "pruning",
        "compress",
        "compress",
        model="lenet",
        technique="prune",
        method="l1_unstructured",
        amount="0.5",
        scope="layer",
        layers="all",
        finetune="0",
    ),
    _lesson(
        "quantization",
        "compress",
        "compress",
        model="lenet",
        technique="quantize",
        qmethod="dynamic_int8",
        per_channel="1",
        keep="0",
    ),
    _lesson(
        "distillation",
        "compress",
        "compress",
        model="lenet",
        technique="distill",
        width="0.3",
        temp="4.0",
        alpha="0.9",
        epochs="10",
    ),
    # --- accelerate -------------------------------------------------------------------------
    _lesson(
        "model_parallel",
        "accelerate",
        "accelerate",
        model="lenet",
        view="parallel",
        pmode="model",
        stages="2",
    ),
    _lesson(
        "pipeline_parallel",
        "accelerate",
        "accelerate",
        model="lenet",
        view="parallel",
        pmode="pipeline",
        stages="2",
        schedule="gpipe",
        micro="1",
    ),
    _lesson(
        "hardware_acceleration",
        "accelerate",
        "accelerate",
        model="lenet",
        view="backends",
        backends="eager,onnxruntime,int8_dynamic",
        batch="32",
    ),
    # --- explain ----------------------------------------------------------------------------
    _lesson(
        "attention",
        "explain",
        "explain",
        model="tiny_vit",
        view="attention",
        source="test",
        index="0",
        layer="0",
        head="-1",
    ),
    _lesson(
        "gradients",
        "explain",
        "explain",
        model="lenet",
        view="attributions",
        source="test",
        index="0",
        target="-1",
        methods="saliency,smoothgrad,integrated_gradients",
    ),
    _lesson(
        "local_explanations",
        "explain",
        "explain",
        model="lenet",
        view="attributions",
        source="test",
        index="0",
        target="-1",
        methods="occlusion,lime,kernel_shap",
    ),
    # --- fuse (no ``model``: the Fuse page has its own zoo, chosen by ``strategy``) ----------
    _lesson("feature_fusion", "fuse", "fuse", view="robustness", task="digit", drop="none"),
    _lesson("deep_fusion", "fuse", "fuse", view="attribution", task="digit", strategy="gated"),
    _lesson(
        "graph_fusion",
        "fuse",
        "fuse",
        view="attention",
        task="digit",
        source="test",
        index="0",
        clip="-1",
    ),
)

BY_ID: Mapping[str, Lesson] = MappingProxyType({lesson.id: lesson for lesson in LESSONS})


def lessons_in(area: str) -> list[Lesson]:
    """The lessons shown under ``area`` on Home, in declaration order."""
    return [lesson for lesson in LESSONS if lesson.area == area]
