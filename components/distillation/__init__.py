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
from components.distillation.soft_targets import SoftTargets, teacher_soft_targets
from components.distillation.students import STUDENT_BUILDERS, make_student

__all__ = [
    "CURVE_COLUMNS",
    "DISTILLED",
    "SCRATCH",
    "STUDENT_BUILDERS",
    "DistillResult",
    "DistillSettings",
    "SoftTargets",
    "distill",
    "distillation_loss",
    "make_student",
    "softened_probabilities",
    "teacher_soft_targets",
    "training_config",
]
