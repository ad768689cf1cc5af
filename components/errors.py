"""Errors meant for the person using the app: a translation key plus its values.

The class lives in :mod:`models.errors` (the zoo raises it too); here it learns its English
text from :mod:`components.i18n`.
"""

from __future__ import annotations

from components.i18n import t_text
from models.errors import UserFacingError, describe_in_english

describe_in_english(lambda key, /, **values: t_text(key, "en", **values))

__all__ = ["UserFacingError"]
