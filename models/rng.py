"""torch's global CPU generator, shared by every thread of a process.

Dropout, ``reset_parameters`` and several captum and pruning routines draw from it and take no
generator of their own. In a server every session runs in its own thread, so a draw or a reseed
in one session shifts the numbers of a seeded computation in another. :data:`GLOBAL_RNG_LOCK`
is the one lock for it (``components.runtime.seeded_global_rng`` takes it), and
:class:`LentGenerator` lets a long training run use the global generator with a stream of its
own, one forward pass at a time.
"""

from __future__ import annotations

import threading
from types import TracebackType

import torch

# Re-entrant: a seeded block may call library code that seeds a nested block.
GLOBAL_RNG_LOCK = threading.RLock()

# Every seed a user can set (sidebar, recipes in share links). torch.manual_seed takes 64 bits,
# but numpy's legacy seeding and scikit-learn's random_state take 32; 2**31 - 1 fits both and
# any signed 32-bit field a seed is written to.
SEED_RANGE: tuple[int, int] = (0, 2**31 - 1)


def check_seed(seed: int) -> None:
    """Raise ``ValueError`` unless ``seed`` is a whole number inside :data:`SEED_RANGE`."""
    low, high = SEED_RANGE
    if isinstance(seed, bool) or not isinstance(seed, int) or not low <= seed <= high:
        raise ValueError(f"seed {seed!r} outside [{low}, {high}]")


class LentGenerator:
    """A private stream of torch's global generator, seeded like ``torch.manual_seed(seed)``.

    ``with lent:`` swaps the stream in (under :data:`GLOBAL_RNG_LOCK`), and on exit saves where
    it got to and puts the global state back. A training run wraps each forward pass (dropout
    draws there) in it: the run sees exactly the numbers a ``torch.manual_seed(seed)`` at its
    start would give, while other threads' draws neither shift it nor are shifted by it, and
    the lock is held for one batch, not for the whole run.
    """

    def __init__(self, seed: int):
        check_seed(seed)
        with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self._state = torch.random.get_rng_state()
        self._saved: torch.Tensor | None = None

    def __enter__(self) -> LentGenerator:
        GLOBAL_RNG_LOCK.acquire()
        self._saved = torch.random.get_rng_state()
        torch.random.set_rng_state(self._state)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self._state = torch.random.get_rng_state()
            torch.random.set_rng_state(self._saved)
        finally:
            GLOBAL_RNG_LOCK.release()

    @property
    def state(self) -> torch.Tensor:
        """Where the stream got to (a copy): a run that stops and goes on later keeps it."""
        return self._state.clone()

    @state.setter
    def state(self, state: torch.Tensor) -> None:
        self._state = state.clone()
