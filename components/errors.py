"""Errors meant for the person using the app: a translation key plus its values."""

from __future__ import annotations


class UserFacingError(Exception):
    """Bad input or an impossible request, explained on the page instead of crashing it.

    ``key`` names a string in :mod:`components.i18n`; ``values`` fill its placeholders. The
    English text is the exception message too, so logs and notebooks read well.
    """

    def __init__(self, key: str, /, **values: object):
        from components.i18n import t_text

        self.key = key
        self.values = values
        super().__init__(t_text(key, "en", **values))
