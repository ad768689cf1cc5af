"""ModelLens Streamlit app: ``app.py`` routes; ``shell/`` is the frame every page shares;
``shared/`` holds what several pages use; ``areas/<area>/`` is one page, each of the same shape."""
