"""Deployment: nginx in front of replicas (serve.py), container image and manifests."""
