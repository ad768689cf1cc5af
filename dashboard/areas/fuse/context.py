"""What every view of the Fuse page needs, built once by its controls."""

from __future__ import annotations

from dataclasses import dataclass

from components.fusion.samples import NoiseLevel
from components.i18n import t
from dashboard.shell.page_state import PageState
from models.fusion import FusionModel, FusionTask


@dataclass(frozen=True)
class FuseContext:
    """What every section of the Fuse page needs; ``models`` are shared and read-only."""

    lang: str
    settings: PageState
    task: FusionTask
    noise: NoiseLevel
    names: tuple[str, ...]  # the task's strategies whose weights loaded, in zoo order
    models: dict[str, FusionModel]

    def label(self, name: str) -> str:
        """The strategy's title in the page's language."""
        return t(f"fuse.strategy.{name}", self.lang)

    def labels(self) -> dict[str, str]:
        return {name: self.label(name) for name in self.names}

    @property
    def class_names(self) -> tuple[str, ...]:
        if self.task == "digit":
            return tuple(str(d) for d in range(10))
        return (t("fuse.class.different", self.lang), t("fuse.class.same", self.lang))

    @property
    def chance(self) -> float:
        return 1 / len(self.class_names)
