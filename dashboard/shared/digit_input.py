"""A digit from outside the test set: an uploaded picture or a drawing on a canvas, converted by
the backend's safe image pipeline (:mod:`components.explain.inputs`)."""

from __future__ import annotations

import streamlit as st

from components.explain.inputs import (
    ACCEPTED_FORMATS,
    PreparedImage,
    prepare_drawing,
    prepare_upload,
)
from components.i18n import t

CANVAS_SIZE = 224  # px; 8× the models' 28×28, comfortable to draw with a mouse
# The extensions of every format the decoder reads (its error message lists them all).
UPLOAD_TYPES = sorted({f.lower() for f in ACCEPTED_FORMATS} | {"jpg"})


def outside_digit(source: str, lang: str, page: str) -> PreparedImage | None:
    """Draw the uploader (``source == "upload"``) or the canvas (``"draw"``) of ``page`` and
    return the converted digit, or None while there is nothing to convert yet.

    The widgets' keys and the upload label (``<page>.upload``) carry the page's name.

    Raises:
        UserFacingError: the upload or the drawing cannot be used (corrupt, empty, too large …).
    """
    if source == "upload":
        upload = st.file_uploader(
            t(f"{page}.upload", lang),
            type=UPLOAD_TYPES,
            key=f"{page}_upload",
            help=t("explain.upload_help", lang),
        )
        if upload is None:
            st.info(t(f"{page}.upload_hint", lang), icon="📤")
            return None
        return prepare_upload(upload.getvalue(), upload.name)
    # streamlit-drawable-canvas raises on import outside a running app: import it here only.
    from streamlit_drawable_canvas import st_canvas

    st.caption(t("explain.draw_hint", lang))
    drawing = st_canvas(
        stroke_width=18,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=CANVAS_SIZE,
        width=CANVAS_SIZE,
        drawing_mode="freedraw",
        key=f"{page}_canvas",
        update_streamlit=True,
        return_image_data=True,
    )
    return prepare_drawing(drawing.image_data if drawing is not None else None)
