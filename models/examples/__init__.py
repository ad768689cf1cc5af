"""Example model files for "bring your own model" (``--model models/examples/<file>.py``)."""
