"""The app's pages: each page's script and its ``url_path`` (share links depend on these)."""

from __future__ import annotations

PAGES = {  # url_path → (script relative to app.py, icon)
    "home": ("areas/home/page.py", "🏠"),
    "compress": ("areas/compress/page.py", "🗜️"),
    "accelerate": ("areas/accelerate/page.py", "⚡"),
    "explain": ("areas/explain/page.py", "🔍"),
    "fuse": ("areas/fuse/page.py", "🔗"),
}


def page_file(page: str) -> str:
    """The script of ``page`` (a url_path), for ``st.page_link`` and ``st.switch_page``."""
    return PAGES[page][0]
