"""Errors meant for the person using the app: a translation key plus its values.

Defined here, below ``components``, so that the zoo (``models.user_models`` reading a brought
model's file) can raise them too; ``components.errors`` re-exports the class and teaches it its
English text (the strings live in ``components``, which ``models`` never imports).
"""

from __future__ import annotations

from collections.abc import Callable

_english: Callable[..., str] | None = None  # key, **values → English text; set by components


class UserFacingError(Exception):
    """Bad input or an impossible request, explained on the page instead of crashing it.

    ``key`` names a string in ``components.strings``; ``values`` fill its placeholders. Its
    ``str`` is the English text, so logs and notebooks read well.
    """

    def __init__(self, key: str, /, **values: object):
        self.key = key
        self.values = values
        super().__init__(key)

    def __str__(self) -> str:
        if _english is None:
            return f"{self.key} {self.values}"
        return _english(self.key, **self.values)


def describe_in_english(text: Callable[..., str]) -> None:
    """Install the function that turns a key and its values into English text."""
    global _english
    _english = text
