"""What the Accelerate page can ask of the parallel backend, with the bounds its controls use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

from components.errors import UserFacingError

ScheduleName = Literal["gpipe", "1f1b", "interleaved_1f1b"]


@dataclass(frozen=True)
class ScheduleInfo:
    """One pipeline schedule of ``torch.distributed.pipelining``."""

    name: ScheduleName
    torch_class: str  # class name in torch.distributed.pipelining.schedules
    # Model stages each process holds. Interleaved 1F1B gives every process two non-adjacent
    # "virtual" stages (rank r holds stages r and r + processes), which shortens the bubble.
    stages_per_rank: int
    # 1F1B needs at least one micro-batch in flight per stage to fill its warm-up.
    microbatches_at_least_processes: bool

    @property
    def label_key(self) -> str:
        """The i18n key of the schedule's display name."""
        return f"parallel.schedule.{self.name}"


SCHEDULES: dict[str, ScheduleInfo] = {
    info.name: info
    for info in (
        ScheduleInfo("gpipe", "ScheduleGPipe", 1, microbatches_at_least_processes=False),
        ScheduleInfo("1f1b", "Schedule1F1B", 1, microbatches_at_least_processes=True),
        ScheduleInfo(
            "interleaved_1f1b", "ScheduleInterleaved1F1B", 2, microbatches_at_least_processes=False
        ),
    )
}
assert set(SCHEDULES) == set(get_args(ScheduleName)), "SCHEDULES and ScheduleName disagree"


@dataclass(frozen=True)
class ParallelSettings:
    """Bounds the page draws its controls from; the run functions check them too."""

    # Local processes. Four already oversubscribe a 2-core machine (each process gets one
    # thread); more would measure the operating system's scheduler, not the pipeline.
    PROCESSES_RANGE: ClassVar[tuple[int, int]] = (2, 4)
    # Model stages a split may have: 2–4 processes, up to 2 stages each when interleaved.
    STAGES_RANGE: ClassVar[tuple[int, int]] = (2, 8)
    # Micro-batches per step. Beyond 16 a LeNet micro-batch is a few images and per-message
    # overhead (≈0.1 ms on loopback gloo) dominates the compute it is meant to overlap.
    MICROBATCHES_RANGE: ClassVar[tuple[int, int]] = (1, 16)
    # Images per step; the batch must divide evenly into micro-batches (and DDP ranks).
    BATCH_RANGE: ClassVar[tuple[int, int]] = (8, 512)
    DEFAULT_BATCH: ClassVar[int] = 64
    # Data-parallel training steps; the first one is a warm-up (DDP builds its buckets there).
    STEPS_RANGE: ClassVar[tuple[int, int]] = (1, 20)
    DEFAULT_STEPS: ClassVar[int] = 5
    # Seconds before every process is killed. Start-up (importing torch in each process) takes
    # 3–6 s on 2 busy cores; a LeNet or ViT run itself well under a second.
    DEFAULT_TIMEOUT_S: ClassVar[float] = 60.0
    # Loss and gradients of a parallel run must equal the single-process ones within this:
    # the only difference is the order float32 sums are taken in.
    TOLERANCE: ClassVar[float] = 1e-5


def check_count(what: str, value: int, bounds: tuple[int, int]) -> None:
    """Raise UserFacingError("parallel.error.<what>", <what>=value, low=…, high=…) when ``value``
    is outside ``bounds``, e.g. ``check_count("processes", 5, (2, 4))``."""
    low, high = bounds
    if not low <= value <= high:
        raise UserFacingError(f"parallel.error.{what}", **{what: value}, low=low, high=high)


def check_batch(batch: int, multiple: int = 1) -> None:
    """Raise UserFacingError("parallel.error.batch") unless ``batch`` is within
    :attr:`ParallelSettings.BATCH_RANGE` and splits into ``multiple`` equal parts."""
    low, high = ParallelSettings.BATCH_RANGE
    if not (low <= batch <= high and batch % multiple == 0):
        raise UserFacingError(
            "parallel.error.batch", batch=batch, low=low, high=high, multiple=multiple
        )
