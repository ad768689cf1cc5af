"""Digit images drawn as PNG files, as a student's scan or photo would arrive (a test helper)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps


def render_digit_png(image01: np.ndarray, side: int = 64, dark_on_light: bool = True) -> bytes:
    """A digit image in [0, 1] (bright ink) drawn as a ``side``×``side`` PNG, like a scan.

    The digit fills the middle three quarters, with a plain margin around it.
    """
    inner = round(side * 0.75)
    ink = Image.fromarray(np.uint8(np.clip(image01, 0.0, 1.0) * 255 + 0.5))
    ink = ink.resize((inner, inner), Image.Resampling.BILINEAR)
    canvas = Image.new("L", (side, side), 0)
    canvas.paste(ink, ((side - inner) // 2, (side - inner) // 2))
    if dark_on_light:
        canvas = ImageOps.invert(canvas)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()
