"""One distillation experiment: a student taught by the teacher, next to the same student trained
from scratch on the labels alone: same architecture, initial weights, data order and budget."""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from components.distillation.loss import distillation_loss
from components.distillation.settings import DistillSettings
from components.distillation.students import make_student
from components.fidelity import compare_outputs
from components.profile import count_parameters
from components.progress import ProgressFn, no_progress
from components.runtime import seeded_global_rng
from components.shared_models import working_copy
from models.registry import ModelSpec
from models.train import CONFIGS
from models.training import EpochStats, TrainConfig, predict, train_epochs

CURVE_COLUMNS = ["epoch", "model", "loss", "train_accuracy", "test_accuracy", "objective"]
DISTILLED, SCRATCH = "distilled", "scratch"  # values of curves["model"]; i18n: distill.series.*

CurvesFn = Callable[[pd.DataFrame], None]


@dataclass
class DistillResult:
    """A distilled student, its scratch baseline, and how both learned.

    ``curves`` is long format, one row per run and epoch (:data:`CURVE_COLUMNS`, see
    :class:`~models.training.EpochStats`): ``loss`` is cross-entropy on the true
    labels for both runs (comparable); ``objective`` is what each run minimised.
    """

    teacher_name: str
    student: nn.Module  # distilled student, eval mode
    scratch: nn.Module  # same architecture and start, trained on hard labels only; eval mode
    curves: pd.DataFrame
    agreement: float  # fraction of test digits where student and teacher predict the same class
    scratch_agreement: float
    teacher_params: int
    student_params: int
    settings: DistillSettings | None = None
    teacher_accuracy: float = math.nan  # on the same test digits
    seconds: float = math.nan  # wall time of both runs, teacher logits included

    def final(self, model: str, column: str = "test_accuracy") -> float:
        """``column`` at the last epoch of ``model`` ("distilled" or "scratch")."""
        rows = self.curves[self.curves["model"] == model]
        return float(rows.sort_values("epoch")[column].iloc[-1])

    @property
    def student_accuracy(self) -> float:
        return self.final(DISTILLED)

    @property
    def scratch_accuracy(self) -> float:
        return self.final(SCRATCH)


def training_config(spec: ModelSpec, settings: DistillSettings) -> TrainConfig:
    """The teacher's own recipe (``models.train.CONFIGS``) with the settings' epochs and seed."""
    base = CONFIGS.get(spec.name, TrainConfig())
    return TrainConfig(**{**base.__dict__, "epochs": int(settings.epochs), "seed": settings.seed})


def teacher_logits(teacher: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The teacher's logits as a plain constant tensor (computed under inference mode, then
    cloned out of it so that the loss may save it for backward)."""
    return predict(teacher, x).clone()


def distill(
    teacher: nn.Module,
    spec: ModelSpec,
    settings: DistillSettings | None = None,
    progress: ProgressFn | None = None,
    *,
    on_epoch: CurvesFn | None = None,
) -> DistillResult:
    """Distil ``teacher`` into a ``settings.width`` student, and train its scratch baseline.

    The teacher is only read (forward passes under inference mode); a shared cached model comes
    back unchanged. Without data augmentation the teacher's training-set logits are computed
    once and looked up per batch; with it (the ViT recipe's random shifts) the teacher sees each
    shifted batch, so both models are compared on the same images.

    Args:
        teacher: the trained model, normally in eval mode (a training-mode teacher is copied).
        spec: its registry entry; decides the student architecture and training recipe.
        settings: width, temperature, alpha, epochs, seed (default: ``DistillSettings()``).
        progress: ``(fraction, message)``; the distilled run fills [0, 0.5], scratch [0.5, 1].
        on_epoch: receives the curves so far (a new DataFrame) after every epoch of either run.

    Raises:
        UserFacingError: ``distill.error.unsupported`` for models without a student (MiniLM).
    """
    start = time.perf_counter()
    settings = settings or DistillSettings()
    report = progress or no_progress
    # The students' initial weights are the only draws from torch's global generator (training
    # shuffles and shifts with its own): seeded under the process-wide lock, so that a
    # SmoothGrad or random pruning in another session neither shifts them nor is shifted.
    with seeded_global_rng(settings.seed):
        student = make_student(spec, settings.width)  # raises first for unsupported models
    scratch = copy.deepcopy(student)  # identical initial weights
    data = spec.load_data()
    config = training_config(spec, settings)
    reader = working_copy(teacher).eval() if teacher.training else teacher

    report(0.0, "teacher logits")
    test_reference = teacher_logits(reader, data.x_test)
    train_reference = teacher_logits(reader, data.x_train) if config.max_shift == 0 else None

    def soft_targets(idx: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        if train_reference is not None:
            return train_reference[idx]
        return teacher_logits(reader, inputs)

    def distilled_loss(
        logits: torch.Tensor, targets: torch.Tensor, idx: torch.Tensor, inputs: torch.Tensor
    ) -> torch.Tensor:
        soft = soft_targets(idx, inputs) if settings.alpha > 0 else logits  # unused at alpha 0
        return distillation_loss(
            logits,
            soft,
            targets,
            settings.temperature,
            settings.alpha,
            label_smoothing=config.label_smoothing,
        )

    def scratch_loss(
        logits: torch.Tensor, targets: torch.Tensor, _idx: torch.Tensor, _inputs: torch.Tensor
    ) -> torch.Tensor:
        return F.cross_entropy(logits, targets, label_smoothing=config.label_smoothing)

    rows: list[dict[str, object]] = []

    def recorder(name: str, offset: float) -> Callable[[EpochStats], None]:
        def record(stats: EpochStats) -> None:
            rows.append({"model": name, **stats.__dict__})
            report(
                offset + 0.5 * stats.epoch / config.epochs,
                f"{name}: epoch {stats.epoch}/{config.epochs}",
            )
            if on_epoch is not None:
                on_epoch(pd.DataFrame(rows, columns=CURVE_COLUMNS))

        return record

    test = (data.x_test, data.y_test)
    train_epochs(
        student, data.x_train, data.y_train, config, distilled_loss, recorder(DISTILLED, 0.0), test
    )
    train_epochs(
        scratch, data.x_train, data.y_train, config, scratch_loss, recorder(SCRATCH, 0.5), test
    )

    def agreement(model: nn.Module) -> float:
        return compare_outputs(
            test_reference, predict(model, data.x_test), "classification"
        ).agreement

    return DistillResult(
        teacher_name=spec.name,
        student=student,
        scratch=scratch,
        curves=pd.DataFrame(rows, columns=CURVE_COLUMNS),
        agreement=agreement(student),
        scratch_agreement=agreement(scratch),
        teacher_params=count_parameters(teacher),
        student_params=count_parameters(student),
        settings=settings,
        teacher_accuracy=float((test_reference.argmax(1) == data.y_test).float().mean()),
        seconds=time.perf_counter() - start,
    )
