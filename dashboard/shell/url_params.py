"""The app's URL table: the union of every page's parameters (each page declares its own in
``areas/<area>/params.py``), so that the router knows all valid keys and each page validates its
own values."""

from __future__ import annotations

from components.url_state import UrlParam
from dashboard.areas.accelerate.params import ACCELERATE_PARAMS
from dashboard.areas.compress.params import COMPRESS_PARAMS
from dashboard.areas.explain.params import EXPLAIN_PARAMS
from dashboard.areas.fuse.params import FUSE_PARAMS

PAGE_PARAMS: dict[str, list[UrlParam]] = {
    "compress": COMPRESS_PARAMS,
    "explain": EXPLAIN_PARAMS,
    "accelerate": ACCELERATE_PARAMS,
    "fuse": FUSE_PARAMS,
}


def all_known_keys(shared: list[UrlParam]) -> set[str]:
    """Every key any page (or the shared sidebar) understands."""
    return {p.key for p in shared} | {p.key for ps in PAGE_PARAMS.values() for p in ps}
