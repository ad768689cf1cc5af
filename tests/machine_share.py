"""How tests share the machine under pytest-xdist (``-n 2`` or more).

A ``timed`` test asserts how measured timings compare (two threads against one, a backend
against its precision's peak); a test of another worker on the other core would decide its
outcome. So every test holds a shared lock on one file per run and a ``timed`` test holds it
exclusively. A turnstile gives the timed test precedence: once it waits, no other test starts
(with a plain shared/exclusive lock the other workers kept starting tests and it waited minutes),
and consecutive timed tests of one worker keep the machine between them.

Without xdist (``-n 0``, or one test run by hand) nothing is locked.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path
from typing import IO

RUN_ENV = "PYTEST_XDIST_TESTRUNUID"  # set by xdist for every worker of one run


class MachineShare:
    """This worker's side of the run's two lock files."""

    def __init__(self, run: str):
        folder = Path(tempfile.gettempdir())
        self._lock: IO = (folder / f"modellens-tests-{run}.lock").open("a")
        self._turnstile: IO = (folder / f"modellens-tests-{run}.turnstile").open("a")
        self.exclusive = False

    def enter(self, timed: bool) -> None:
        """Before a test: the machine to itself when ``timed``, else a share of it."""
        if timed:
            if not self.exclusive:
                fcntl.flock(self._turnstile, fcntl.LOCK_EX)  # no test starts from now on
                fcntl.flock(self._lock, fcntl.LOCK_EX)  # the running ones have ended
                self.exclusive = True
            return
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)  # waits while a timed test waits or runs
        fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        fcntl.flock(self._lock, fcntl.LOCK_SH)

    def leave(self, keep: bool) -> None:
        """After a test; ``keep``: the next test of this worker is timed too."""
        if self.exclusive and keep:
            return
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        if self.exclusive:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
            self.exclusive = False


_SHARE: MachineShare | None = None


def machine_share() -> MachineShare | None:
    """This worker's :class:`MachineShare`, or None outside xdist."""
    global _SHARE
    run = os.environ.get(RUN_ENV)
    if run is None:
        return None
    if _SHARE is None:
        _SHARE = MachineShare(run)
    return _SHARE


LESSON_WALKS = "tests/browser/test_lessons_browser.py"
# Modules whose module-scoped fixtures take seconds to build: one worker runs the whole module,
# so they are built once (test_acceleration's prepared backends compile LeNet: about 16 s, paid
# by each worker that ran one of their seven tests).
MODULE_UNITS = ("tests/components/test_acceleration.py",)


def scope_of(nodeid: str) -> str:
    """The unit of work one xdist worker takes at once.

    Browser tests form two units, each run against one app server: the lesson walks (the Chinese
    walk reads the English walk's measurements from its server's cache, about 20 minutes) and
    the other browser tests (about 37 minutes under a full run's load, the run's critical path;
    split per module, the extra cold servers made the run no shorter). A module of
    :data:`MODULE_UNITS` is one unit. Any other test function is one unit with all its
    parameters (a timed function's cases then run back to back under one exclusive hold).
    """
    if nodeid.startswith(LESSON_WALKS):
        return "browser-lessons"
    if nodeid.startswith("tests/browser/"):
        return "browser"
    module = nodeid.split("::", 1)[0]
    if module in MODULE_UNITS:
        return module
    return nodeid.split("[", 1)[0]
