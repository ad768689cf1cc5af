"""Fuse: feature, deep, late and graph fusion of image and speech digits."""
