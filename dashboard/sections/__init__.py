"""Sections of the Compress page: each lays out one technique from the backend's results."""
