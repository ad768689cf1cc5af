"""ModelLens backend: everything the pages show is computed here. Never imports streamlit."""
