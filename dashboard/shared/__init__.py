"""What several pages use: cached zoo models, the compressed-variant service (pruned, quantized,
distilled, kept) and widgets drawn on more than one page."""
