"""Explain: attributions, faithfulness, sanity checks, attention and gradients, and how
compression changes them."""
