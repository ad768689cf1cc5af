"""Accelerate: backends, threads and batch size, parallelism, and compressed models measured."""
