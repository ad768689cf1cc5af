"""ModelLens entry point: shared sidebar and page routing, nothing else.

Run with ``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import logging

import streamlit as st

from components.background import PAGE_RUNS
from components.i18n import t
from dashboard.shared.resources import server_threads, startup_user_models_shown
from dashboard.shell.code_contrast import show_code_contrast
from dashboard.shell.focus import show_focus
from dashboard.shell.page_state import note_browser_report, run_finished
from dashboard.shell.pages import PAGES
from dashboard.shell.presenter import apply_presenter
from dashboard.shell.report import begin_report, report_download
from dashboard.shell.sidebar import render_sidebar
from dashboard.shell.state import init_shared_state, show_problems, sync_url
from dashboard.shell.warmup import start_warmup

logger = logging.getLogger("modellens")

st.set_page_config(page_title="ModelLens", page_icon="🔬", layout="wide")
note_browser_report()  # before any widget: which ones the browser has (dashboard.shell.page_state)
start_warmup()  # the lessons' default views, computed in the background once per server

_, model_file_errors = startup_user_models_shown()  # before the URL's model=… is checked
problems = init_shared_state()
state = render_sidebar(threads=server_threads())
apply_presenter(state.present)
show_focus()
show_code_contrast()
sync_url()

pages = [
    st.Page(script, title=t(f"nav.{name}", state.lang), icon=icon, url_path=name, default=i == 0)
    for i, (name, (script, icon)) in enumerate(PAGES.items())
]
page = st.navigation(pages, position="sidebar")
report_slot = begin_report(page.title)  # the page's figures and tables go into its report
try:
    show_problems(problems, state.lang)
    for key, values in model_file_errors:
        st.error(t(key, state.lang, **values), icon="🧩")
    with PAGE_RUNS.running():  # heavy background work waits for it at its next step
        page.run()
except Exception as err:  # Streamlit's rerun/stop signals are BaseException and pass through.
    logger.exception("page %s failed", page.url_path)
    st.error(t("error.page", state.lang, kind=type(err).__name__), icon="🚫")
report_download(page.url_path, report_slot)  # after the page: its settings are in the URL
run_finished()
