"""Knowledge distillation: a small student learns from a trained teacher's softened outputs, and
is always shown next to the same student trained from scratch on the labels alone."""

from components.distillation.experiment import (
    CURVE_COLUMNS,
    DISTILLED,
    SCRATCH,
    DistillResult,
    distill,
    training_config,
)
from components.distillation.loss import distillation_loss, softened_probabilities
from components.distillation.settings import DistillSettings
from components.distillation.students import STUDENT_BUILDERS, make_student
from components.distillation.train import EpochStats, train_epochs

__all__ = [
    "CURVE_COLUMNS",
    "DISTILLED",
    "SCRATCH",
    "STUDENT_BUILDERS",
    "DistillResult",
    "DistillSettings",
    "EpochStats",
    "distill",
    "distillation_loss",
    "make_student",
    "softened_probabilities",
    "train_epochs",
    "training_config",
]
