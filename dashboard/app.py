"""ModelLens entry point: shared sidebar and page routing, nothing else.

Run with ``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import logging

import streamlit as st

from components.i18n import t
from dashboard.resources import server_threads, start_warmup, startup_user_models_shown
from dashboard.state import init_shared_state, show_problems, sync_url
from dashboard.widgets.presenter import apply_presenter
from dashboard.widgets.report import begin_report, report_download
from dashboard.widgets.sidebar import render_sidebar

logger = logging.getLogger("modellens")

st.set_page_config(page_title="ModelLens", page_icon="🔬", layout="wide")
start_warmup()  # the lessons' default views, computed in the background once per server

_, model_file_errors = startup_user_models_shown()  # before the URL's model=… is checked
problems = init_shared_state()
state = render_sidebar(threads=server_threads())
apply_presenter(state.present)
sync_url()

pages = [
    st.Page(
        "views/home.py", title=t("nav.home", state.lang), icon="🏠", url_path="home", default=True
    ),
    st.Page(
        "views/compress.py", title=t("nav.compress", state.lang), icon="🗜️", url_path="compress"
    ),
    st.Page(
        "views/accelerate.py",
        title=t("nav.accelerate", state.lang),
        icon="⚡",
        url_path="accelerate",
    ),
    st.Page("views/explain.py", title=t("nav.explain", state.lang), icon="🔍", url_path="explain"),
    st.Page("views/fuse.py", title=t("nav.fuse", state.lang), icon="🔗", url_path="fuse"),
]
page = st.navigation(pages, position="sidebar")
report_slot = begin_report(page.title)  # the page's figures and tables go into its report
try:
    show_problems(problems, state.lang)
    for key, values in model_file_errors:
        st.error(t(key, state.lang, **values), icon="🧩")
    page.run()
except Exception as err:  # Streamlit's rerun/stop signals are BaseException and pass through.
    logger.exception("page %s failed", page.url_path)
    st.error(t("error.page", state.lang, kind=type(err).__name__), icon="🚫")
report_download(page.url_path, report_slot)  # after the page: its settings are in the URL
