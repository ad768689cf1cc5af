"""ModelLens Streamlit app: ``app.py`` routes, ``views/`` lay out pages, ``widgets/`` are shared."""
