"""Home: the four areas and their lessons."""
