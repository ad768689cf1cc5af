"""Weights uploaded from the browser: safetensors only, for an architecture the app already has.

A pickle (what ``torch.save`` writes: ``.pt``, ``.pth``, ``.bin``, ``.ckpt``, ``.pkl``) can run
any code when it is loaded, so such a file is refused by its name *and* by its first bytes before
anything parses it: a pickle or a ``torch.save`` zip renamed ``.safetensors`` is refused too.
Only ``safetensors.torch.load`` reads the bytes (raw tensors behind a JSON header); the keys and
shapes are checked against the model, and the weights go into a new copy of it.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors
from torch import nn

from components.errors import UserFacingError
from components.shared_models import working_copy
from models.user_models import format_key_list, mismatch_error
from models.weights import WeightsMismatchError, check_state_dict

# Streamlit's own upload limit is 200 MB; the page should pass max_upload_size=MAX_UPLOAD_MB.
MAX_UPLOAD_MB = 200
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# safetensors' reader refuses headers above 100 MB; a sane header for these models is a few kB.
MAX_HEADER_BYTES = 100 * 1024 * 1024
SAFETENSORS_SUFFIX = ".safetensors"
PICKLE_SUFFIXES = (".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle", ".tar", ".joblib", ".npy")

# First bytes of the formats torch.save and pickle write (checked before any parsing).
ZIP_MAGIC = b"PK\x03\x04"  # torch.save's default since 1.6: a zip holding data.pkl
PICKLE_PROTOCOL_OPCODE = 0x80  # PROTO: pickle protocol 2 and later start with 0x80, version byte
LEGACY_PICKLE_STARTS = (b"(", b"}", b"]", b"c")  # protocol 0/1 pickles: MARK, dicts, lists, GLOBAL


def sniff_format(data: bytes) -> str:
    """``"safetensors"``, ``"zip"``, ``"pickle"`` or ``"unknown"``, from the first bytes only.

    A safetensors file is an 8-byte little-endian header length, then that many bytes of JSON
    starting with ``{``; that structure is checked first, because a header of, say, 640 bytes
    begins with the byte pickle's PROTO opcode begins with.
    """
    if len(data) >= 9:
        (header_len,) = struct.unpack("<Q", data[:8])
        if 2 <= header_len <= min(MAX_HEADER_BYTES, len(data) - 8) and data[8:9] == b"{":
            return "safetensors"
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if len(data) >= 2 and data[0] == PICKLE_PROTOCOL_OPCODE and 2 <= data[1] <= 5:
        return "pickle"
    if data[:1] in LEGACY_PICKLE_STARTS:
        return "pickle"
    return "unknown"


def _check_name(filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if suffix in PICKLE_SUFFIXES:
        raise UserFacingError("byom.error.upload_pickle_name", file=filename, suffix=suffix)
    if suffix != SAFETENSORS_SUFFIX:
        raise UserFacingError("byom.error.upload_not_safetensors", file=filename)


def _check_bytes(data: bytes, filename: str) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserFacingError(
            "byom.error.upload_too_large",
            file=filename,
            size_mb=round(len(data) / 2**20, 1),
            limit_mb=MAX_UPLOAD_MB,
        )
    kind = sniff_format(data)
    if kind in ("zip", "pickle"):
        raise UserFacingError("byom.error.upload_pickle_content", file=filename, kind=kind)
    if kind != "safetensors":
        raise UserFacingError("byom.error.upload_not_safetensors_content", file=filename)


def _header(data: bytes) -> dict:
    (header_len,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8 : 8 + header_len])


def _check_dtypes(model: nn.Module, state: dict[str, torch.Tensor], filename: str) -> None:
    """Floating-point weights must stay floating point (load_state_dict would cast silently)."""
    expected = model.state_dict()
    wrong = [
        f"{key}: {state[key].dtype} ≠ {value.dtype}"
        for key, value in expected.items()
        if key in state and state[key].is_floating_point() != value.is_floating_point()
    ]
    if wrong:
        raise UserFacingError(
            "byom.error.upload_dtype", file=filename, keys=format_key_list(sorted(wrong))
        )
    not_finite = sorted(
        key for key, t in state.items() if t.is_floating_point() and not torch.isfinite(t).all()
    )
    if not_finite:
        raise UserFacingError(
            "byom.error.upload_not_finite", file=filename, keys=format_key_list(not_finite)
        )


def load_uploaded_weights(
    data: bytes, filename: str, model: nn.Module, model_title: str | None = None
) -> nn.Module:
    """A new copy of ``model`` holding the uploaded safetensors weights, in eval mode.

    ``model`` itself is not changed (it may be the shared cached model).

    Raises:
        UserFacingError: ``byom.error.upload_pickle_name`` / ``upload_pickle_content`` (a pickle
            or torch.save file, refused unread), ``upload_not_safetensors`` /
            ``upload_not_safetensors_content``, ``upload_too_large``, ``upload_unreadable``,
            ``weights_mismatch`` (naming the missing, unexpected and mis-shaped keys),
            ``upload_dtype``, ``upload_not_finite``.
    """
    filename = Path(filename).name or "upload"
    _check_name(filename)
    _check_bytes(data, filename)
    try:
        _header(data)  # valid JSON before the tensor reader sees it
        state = load_safetensors(data)
    except (SafetensorError, ValueError, UnicodeDecodeError, RuntimeError) as err:
        raise UserFacingError(
            "byom.error.upload_unreadable", file=filename, error=str(err)[:200]
        ) from err
    title = model_title or type(model).__name__
    try:
        check_state_dict(model, state, Path(filename))
    except WeightsMismatchError as err:
        raise mismatch_error(err, filename, title) from err
    _check_dtypes(model, state, filename)
    copy = working_copy(model)
    copy.load_state_dict(state)
    return copy.eval()


ERROR_KEYS = (
    "byom.error.upload_pickle_name",
    "byom.error.upload_pickle_content",
    "byom.error.upload_not_safetensors",
    "byom.error.upload_not_safetensors_content",
    "byom.error.upload_too_large",
    "byom.error.upload_unreadable",
    "byom.error.upload_dtype",
    "byom.error.upload_not_finite",
    "byom.error.weights_mismatch",
)
