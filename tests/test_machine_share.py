"""The locks by which tests share the machine under pytest-xdist (tests/machine_share.py)."""

from __future__ import annotations

import fcntl
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.machine_share import MODULE_UNITS, MachineShare, scope_of


def can_take(path: Path, how: int) -> bool:
    """Whether another process-like holder could take ``how`` on ``path`` now."""
    with path.open("a") as probe:
        try:
            fcntl.flock(probe, how | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(probe, fcntl.LOCK_UN)
        return True


@pytest.fixture
def run():
    name = uuid.uuid4().hex
    folder = Path(tempfile.gettempdir())
    yield (
        name,
        folder / f"modellens-tests-{name}.lock",
        folder / f"modellens-tests-{name}.turnstile",
    )


def test_a_timed_test_has_the_machine_to_itself_until_the_last_timed_one(run):
    name, lock, turnstile = run
    share = MachineShare(name)
    share.enter(timed=True)
    assert not can_take(lock, fcntl.LOCK_SH) and not can_take(turnstile, fcntl.LOCK_EX)
    share.leave(keep=True)  # the next test of this worker is timed too
    assert share.exclusive and not can_take(lock, fcntl.LOCK_SH)
    share.enter(timed=True)
    share.leave(keep=False)
    assert can_take(lock, fcntl.LOCK_EX) and can_take(turnstile, fcntl.LOCK_EX)


def test_other_tests_share_it(run):
    name, lock, turnstile = run
    share = MachineShare(name)
    share.enter(timed=False)
    assert can_take(lock, fcntl.LOCK_SH) and not can_take(lock, fcntl.LOCK_EX)
    assert can_take(turnstile, fcntl.LOCK_EX)  # a waiting timed test goes first
    share.leave(keep=False)
    assert can_take(lock, fcntl.LOCK_EX)


def test_scopes_keep_browser_tests_and_parameters_together():
    assert scope_of("tests/browser/test_home_browser.py::test_x") == "browser"
    walk = "tests/browser/test_lessons_browser.py::test_y"
    assert scope_of(f"{walk}[en-pruning]") == scope_of(f"{walk}[zh-attention]") == "browser-lessons"
    case = "tests/components/test_lesson_checks.py::test_claims[pruning]"
    assert scope_of(case) == "tests/components/test_lesson_checks.py::test_claims"
    assert scope_of("tests/test_readme.py::test_torch_is_pinned") == (
        "tests/test_readme.py::test_torch_is_pinned"
    )


def test_a_module_with_costly_module_fixtures_is_one_unit():
    module = "tests/components/test_acceleration.py"
    assert module in MODULE_UNITS
    assert scope_of(f"{module}::test_batch_sweep") == scope_of(f"{module}::test_thread_sweep")
    assert scope_of(f"{module}::test_batch_sweep") == module
