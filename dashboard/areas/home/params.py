"""The Home page's URL parameters: none of its own (it reads the shared model, seed and
language, and a lesson link's ``lesson=`` marker, all declared in ``dashboard.shell.state``)."""

from __future__ import annotations

from components.url_state import UrlParam

HOME_PARAMS: list[UrlParam] = []
LESSON_TABS = "home_lesson_area"  # the open lessons tab: session state, not in the URL
CARD_TABS = "home_card_tabs"  # the model card's open chart tab: session state
ARCHITECTURE_FOLD = "home_architecture"  # whether the card's layer table is unfolded
