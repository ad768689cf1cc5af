"""Small brought-model files (``--model``) of several kinds, for the bring-your-own-model tests."""
