"""Compress: pruning, quantization and distillation beside the original, and kept variants."""
