"""Lessons as tested claims: every step of a lesson's "Try this" names what the student should
then see as measurements (:class:`components.lessons.Expect`); this package measures them with
the same backend the pages use, on the step's own settings.

One module per page registers that page's measures (Compress has a second one, ``forgetting``,
for its "What it forgets" view); the test suite checks every lesson's steps,
and a lesson page shows the same checks live.
"""

# The page modules register their measures on import.
from components.lesson_checks import accelerate, compress, explain, forgetting, fuse  # noqa: F401
from components.lesson_checks.check import (
    CheckResult,
    check,
    check_step,
    describe,
    format_value,
    step_is_measured,
)
from components.lesson_checks.registry import (
    MEASURES,
    Measure,
    Measured,
    measurement,
    register,
)

__all__ = [
    "MEASURES",
    "CheckResult",
    "Measure",
    "Measured",
    "check",
    "check_step",
    "describe",
    "format_value",
    "measurement",
    "register",
    "step_is_measured",
]
