"""Turn a test digit, an uploaded picture or a canvas drawing into the digit models' input, and
that input into the case an Explain view explains (:class:`ImageCase`: input, target, digest).

The models were trained on scikit-learn's digits: 32×32 binary bitmaps of handwriting, cut into
4×4 blocks whose "on" pixels were counted (values 0–16, an 8×8 image), then in
:mod:`models.data` divided by 16, upsampled bilinearly to 28×28 and normalised with the training
mean and std. A picture from a phone or a drawing looks nothing like that, so every outside image
goes through the same steps the digits went through, in the same order, and ends in
:func:`models.data.upsample_digits` and :meth:`models.data.DigitsSplit.normalise` themselves.

Outside bytes are untrusted: the decoder only accepts a few raster formats, checks the pixel
count from the header before decoding, and every failure becomes a :class:`UserFacingError`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageOps
from torch import nn

from components.errors import UserFacingError
from components.explain.attributions import predict_topk
from components.images import display_images
from models.data import load_digits_split, upsample_digits

MAX_UPLOAD_BYTES = 5 * 2**20  # a phone photo fits; anything larger is not a digit worth decoding
MAX_PIXELS = 4096 * 4096  # decompression-bomb guard, checked on the header before decoding
# PIL opens these with its own pure decoders; formats such as EPS would start Ghostscript.
ACCEPTED_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")
_DECODED_FORMATS = {*ACCEPTED_FORMATS, "MPO"}  # phones write MPO: a JPEG with extra frames

WORK_SIDE = 512  # larger pictures are area-averaged down first: the result is 8×8 anyway
BITMAP_SIDE = 32  # the NIST bitmaps the 8×8 digits were counted from
DIGIT_SIDE = 8  # the training resolution (each pixel = ink count of a 4×4 bitmap block / 16)
BORDER_FRACTION = 0.05  # the outer 5 % of each side is taken to be paper (or canvas)
MIN_CONTRAST = 0.12  # ink must differ from the background by 12 % of full scale (JPEG noise ≈ 3 %)
# Ink below 10 % of the strongest stroke is paper texture or JPEG ringing; above 90 % it is a
# stroke. The digits were binary bitmaps, so strokes are saturated to full ink, while the ramp
# in between keeps anti-aliased edges smooth.
INK_LEVELS = (0.1, 0.9)
BBOX_THRESHOLD = 0.25  # what counts as ink for the bounding box (after the levels above)
BBOX_TRIM = 0.005  # a speck holding under 0.5 % of the ink must not stretch the bounding box
STROKE_BAND = (0.25, 0.36)  # mean ink of 90 % of the training digits (5th–95th percentile)
STROKE_TARGET = 0.30  # their median
STROKE_SIDE = 64  # stroke weight is adjusted at twice the bitmap resolution: finer steps
MAX_STROKE_STEPS = 16

STEP_TEST_DIGIT = "explain.input.step.test_digit"
STEP_EXIF = "explain.input.step.exif_rotated"
STEP_ALPHA = "explain.input.step.alpha_flattened"
STEP_GRAYSCALE = "explain.input.step.grayscale"
STEP_INVERTED = "explain.input.step.inverted"
STEP_CROPPED = "explain.input.step.cropped"
STEP_THICKENED = "explain.input.step.thickened"
STEP_THINNED = "explain.input.step.thinned"
STEP_RESIZED = "explain.input.step.resized"
STEP_NORMALISED = "explain.input.step.normalised"


@dataclass(frozen=True)
class PreparedImage:
    """A digit ready for the image models, and what was done to get it there."""

    model_input: torch.Tensor  # (1, 1, 28, 28), normalised exactly like the test split
    preview: np.ndarray  # (28, 28) float in [0, 1]: what the model sees ("the converted input")
    steps: list[str]  # i18n keys of the steps taken, in order


def prepare_test_digit(index: int) -> PreparedImage:
    """Test digit ``index`` of the fixed split, unchanged.

    Raises:
        UserFacingError("explain.error.bad_index"): ``index`` is not in 0 … 449.
    """
    data = load_digits_split()
    last = len(data.x_test) - 1
    if isinstance(index, bool) or not isinstance(index, int | np.integer) or not 0 <= index <= last:
        raise UserFacingError("explain.error.bad_index", max=last)
    x = data.x_test[int(index)].unsqueeze(0).clone()
    preview = data.denormalise(x)[0, 0].clamp(0.0, 1.0).numpy()
    return PreparedImage(model_input=x, preview=preview, steps=[STEP_TEST_DIGIT])


def prepare_data_row(data, index: int) -> PreparedImage:
    """Test row ``index`` of a model's own data (a brought model's), unchanged; ``data`` is its
    split (``x_test`` and ``denormalise``). The preview is grey or colour, as the data is."""
    x = data.x_test[index : index + 1]
    return PreparedImage(model_input=x, preview=display_images(data, x)[0], steps=[])


def prepare_upload(data: bytes, filename: str = "") -> PreparedImage:
    """Decode an uploaded picture of one digit and convert it like the training digits.

    The format is read from the content, never from ``filename`` (kept for callers' logs).

    Raises:
        UserFacingError: ``explain.error.empty_upload``, ``upload_too_large`` (max_mb,
            size_mb), ``not_an_image`` (also unsupported formats, corrupt or truncated files),
            ``image_too_large`` (max_pixels) or ``blank_image`` (no ink found).
    """
    if not data:
        raise UserFacingError("explain.error.empty_upload")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserFacingError(
            "explain.error.upload_too_large",
            max_mb=MAX_UPLOAD_BYTES // 2**20,
            size_mb=f"{len(data) / 2**20:.1f}",
        )
    image, steps = _decode(data)
    return _prepare_image(image, steps, blank_key="explain.error.blank_image")


def prepare_drawing(rgba: np.ndarray | None) -> PreparedImage:
    """Convert a streamlit-drawable-canvas ``image_data`` array (H, W, 4) uint8 RGBA.

    Strokes may be dark on light or light on dark, on a transparent or an opaque background;
    (H, W, 3) and (H, W) arrays, and floats in [0, 1], are accepted too.

    Raises:
        UserFacingError("explain.error.empty_drawing"): nothing was drawn (or no array).
        UserFacingError("explain.error.image_too_large"): over MAX_PIXELS pixels.
        ValueError: an array that is no image at all (a caller's bug, not the user's).
    """
    if rgba is None or np.size(rgba) == 0:
        raise UserFacingError("explain.error.empty_drawing")
    array = np.asarray(rgba)
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ValueError(f"expected an (H, W), (H, W, 3) or (H, W, 4) array, got {array.shape}")
    if array.shape[0] * array.shape[1] > MAX_PIXELS:
        raise UserFacingError("explain.error.image_too_large", max_pixels=MAX_PIXELS)
    if array.dtype != np.uint8:
        values = np.nan_to_num(array.astype(np.float64))
        if array.dtype.kind == "f" and values.max() <= 1.0:
            values = values * 255.0
        array = np.clip(values + 0.5, 0, 255).astype(np.uint8)
    image = Image.fromarray(np.ascontiguousarray(array))  # uint8: L, RGB or RGBA by shape
    return _prepare_image(image, [], blank_key="explain.error.empty_drawing")


@dataclass(frozen=True)
class Prediction:
    """What a classifier makes of one input: every class's probability, best first too."""

    class_names: tuple[str, ...]
    probabilities: list[float]  # per class, in class order
    top: list[tuple[int, float]]  # (class, probability), most probable first

    @property
    def predicted(self) -> int:
        return self.top[0][0]

    def target(self, choice: int) -> int:
        """The class to explain: ``choice``, or the predicted class for -1."""
        return self.predicted if choice < 0 else int(choice)


def predict_classes(
    model: nn.Module, x: torch.Tensor, class_names: Sequence[str] | None = None
) -> Prediction:
    """The softmax probability of every class for ``x`` (batch 1).

    ``class_names``: None or empty (a brought model without labels) names the classes "0" … by
    the width of the model's output.
    """
    if not class_names:
        with torch.inference_mode():
            class_names = tuple(str(i) for i in range(model(x).shape[-1]))
    top = predict_topk(model, x, k=len(class_names))
    probabilities = [0.0] * len(class_names)
    for cls, p in top:
        probabilities[cls] = p
    return Prediction(tuple(class_names), probabilities, top)


def input_digest(x: torch.Tensor) -> str:
    """A short digest of a tensor's values: the same input gives the same cache keys."""
    return hashlib.sha1(x.detach().cpu().numpy().tobytes()).hexdigest()[:16]


@dataclass(frozen=True)
class ImageCase:
    """The input being explained and the class the explanation targets."""

    x: torch.Tensor  # (1, C, H, W), normalised like the test split
    preview: np.ndarray  # (H, W) in [0, 1]: what the model sees, in grey
    target: int
    key: str  # a digest of the input, for caches

    @classmethod
    def from_prepared(cls, prepared: PreparedImage, target: int) -> ImageCase:
        # Overlays are drawn on a grey picture; a colour input is averaged over its channels.
        preview = prepared.preview.mean(-1) if prepared.preview.ndim == 3 else prepared.preview
        return cls(prepared.model_input, preview, target, input_digest(prepared.model_input))


def _decode(data: bytes) -> tuple[Image.Image, list[str]]:
    """Open, size-check and fully decode ``data``; upright per its EXIF orientation."""
    try:
        # Lazy: only the header is read, so the pixel count is known before any decoding.
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:  # PIL's own, far higher, limit
        raise UserFacingError("explain.error.image_too_large", max_pixels=MAX_PIXELS) from None
    except Exception as exc:  # any decoder failure on untrusted bytes is "not an image"
        raise UserFacingError("explain.error.not_an_image") from exc
    width, height = image.size
    if image.format not in _DECODED_FORMATS:
        raise UserFacingError("explain.error.not_an_image")
    if width * height > MAX_PIXELS:
        raise UserFacingError("explain.error.image_too_large", max_pixels=MAX_PIXELS)
    if width < 1 or height < 1:
        raise UserFacingError("explain.error.not_an_image")
    steps: list[str] = []
    try:
        image.load()  # truncated or corrupt data fails here, not later in the pipeline
        # Phones store photos sideways and record the rotation in EXIF; the viewer applies it.
        orientation = image.getexif().get(0x0112, 1)
        upright = ImageOps.exif_transpose(image)
    except Exception as exc:
        raise UserFacingError("explain.error.not_an_image") from exc
    if orientation in range(2, 9):  # 1 is upright; other values are ignored by exif_transpose
        steps.append(STEP_EXIF)
    return upright, steps


def _prepare_image(image: Image.Image, steps: list[str], blank_key: str) -> PreparedImage:
    gray = _to_gray(image, steps)
    ink = _extract_ink(gray, steps, blank_key)
    digit = _to_digit(ink, steps)
    return _finish(digit, steps)


def _to_gray(image: Image.Image, steps: list[str]) -> np.ndarray:
    """Gray levels in [0, 1] with any transparency flattened, at most WORK_SIDE pixels a side."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        # 16-bit and float scans: PIL's conversion to 8 bits clips instead of scaling.
        values = np.asarray(image, dtype=np.float64)
        span = float(values.max() - values.min())
        image = Image.fromarray(np.uint8((values - values.min()) / (span or 1.0) * 255 + 0.5))
        has_alpha = False
    if image.mode not in ("L", "1"):
        steps.append(STEP_GRAYSCALE)
    # Via RGBA, so that palette and colour-key transparency become an alpha channel too.
    image = image.convert("RGBA").convert("LA") if has_alpha else image.convert("L")
    factor = -(-max(image.size) // WORK_SIDE)
    if factor > 1:  # area averaging keeps thin strokes as faint ink instead of dropping them
        image = image.reduce(factor)
    if not has_alpha:
        return np.asarray(image, dtype=np.float32) / 255.0
    la = np.asarray(image, dtype=np.float32) / 255.0
    luminance, alpha = la[..., 0], la[..., 1]
    if alpha.min() >= 1.0:
        return luminance
    # Whatever shows through transparent pixels is not part of the picture (canvases leave it
    # black, editors anything). Put the visible strokes on a background that contrasts with
    # them: dark strokes on white, light strokes on black. An empty transparent image becomes
    # plain white (blank), never all-black ink.
    steps.append(STEP_ALPHA)
    weight = float(alpha.sum())
    stroke = float((luminance * alpha).sum() / weight) if weight > 0 else 0.0
    background = 1.0 if stroke < 0.5 else 0.0
    return alpha * luminance + (1.0 - alpha) * background


def _background(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness under every pixel: a plane fitted to the border frame.

    Phone photos of paper are lit unevenly; one background level would turn the shadowed
    side into ink. A plane follows such gradients but, unlike a curved surface, cannot bend
    to explain a digit that touches the top and bottom edges. The fit starts from the pixels
    near the frame's median and is refitted without outliers, so strokes crossing the
    border are ignored.
    """
    h, w = gray.shape
    b = max(1, round(BORDER_FRACTION * min(h, w)))
    frame = np.zeros((h, w), dtype=bool)
    frame[:b] = frame[-b:] = True
    frame[:, :b] = frame[:, -b:] = True
    y, x = np.meshgrid(np.linspace(-1.0, 1.0, h), np.linspace(-1.0, 1.0, w), indexing="ij")
    terms = np.stack([np.ones_like(x), x, y], axis=-1)
    design, values = terms[frame], gray[frame].astype(np.float64)
    residual = np.abs(values - np.median(values))
    for _ in range(4):
        spread = 1.4826 * float(np.median(residual))  # robust standard deviation (MAD)
        keep = residual <= 3.0 * spread + 0.02
        coef = np.linalg.lstsq(design[keep], values[keep], rcond=None)[0]
        residual = np.abs(values - design @ coef)
    return (terms @ coef).astype(np.float32)


def _extract_ink(gray: np.ndarray, steps: list[str], blank_key: str) -> np.ndarray:
    """Ink strength in [0, 1] (1 = stroke, 0 = background), whatever the picture's polarity."""
    departure = gray - _background(gray)
    # Photos and scans are dark ink on light paper; the training digits are bright ink on 0.
    # The side that departs further from the background is the ink.
    if -float(departure.min()) > float(departure.max()):
        steps.append(STEP_INVERTED)
        departure = -departure
    ink = np.clip(departure, 0.0, None)
    contrast = float(ink.max())
    if contrast < MIN_CONTRAST:
        raise UserFacingError(blank_key)
    low, high = INK_LEVELS
    return np.clip((ink / contrast - low) / (high - low), 0.0, 1.0).astype(np.float32)


def _ink_span(profile: np.ndarray) -> tuple[int, int]:
    """First and last index holding the ink, ignoring BBOX_TRIM of the mass at each end."""
    cumulative = np.cumsum(profile)
    total = cumulative[-1]
    first = int(np.searchsorted(cumulative, BBOX_TRIM * total, side="right"))
    last = int(np.searchsorted(cumulative, (1.0 - BBOX_TRIM) * total, side="left"))
    return first, max(first, min(last, len(profile) - 1))


def _crop_square(ink: np.ndarray) -> np.ndarray:
    """The ink's bounding box, padded with background to a centred square."""
    mask = (ink > BBOX_THRESHOLD).astype(np.float64)
    top, bottom = _ink_span(mask.sum(1))
    left, right = _ink_span(mask.sum(0))
    # Every one of the 1,797 digits touches the top and bottom rows of its 8×8 box and is
    # centred: the writer's bounding box was scaled to fill the bitmap, so no margin is added.
    crop = ink[top : bottom + 1, left : right + 1]
    side = max(crop.shape)
    square = np.zeros((side, side), dtype=np.float32)
    y0, x0 = (side - crop.shape[0]) // 2, (side - crop.shape[1]) // 2
    square[y0 : y0 + crop.shape[0], x0 : x0 + crop.shape[1]] = crop
    return square


def _resize(square: np.ndarray, side: int) -> np.ndarray:
    """Area-average down (thin strokes stay as faint ink), interpolate up."""
    resample = Image.Resampling.BOX if square.shape[0] >= side else Image.Resampling.BILINEAR
    return np.asarray(Image.fromarray(square).resize((side, side), resample))


def _count_blocks(square: np.ndarray) -> np.ndarray:
    """(8, 8) in [0, 1]: 4×4 block means of the 32×32 bitmap, the digits' ink counts / 16."""
    bitmap = _resize(square, BITMAP_SIDE)
    block = BITMAP_SIDE // DIGIT_SIDE
    digit = bitmap.reshape(DIGIT_SIDE, block, DIGIT_SIDE, block).mean(axis=(1, 3))
    return np.clip(digit, 0.0, 1.0)


def _rank3(image: np.ndarray, op: np.ufunc) -> np.ndarray:
    """3×3 grey dilation (``np.maximum``) or erosion (``np.minimum``)."""
    padded = np.pad(image, 1)
    h, w = image.shape
    out = image.copy()
    for dy in range(3):
        for dx in range(3):
            out = op(out, padded[dy : dy + h, dx : dx + w])
    return out


def _to_digit(ink: np.ndarray, steps: list[str]) -> np.ndarray:
    """Crop, centre, size and count ink like the 8×8 digits were made: (8, 8) in [0, 1]."""
    square = _crop_square(ink)
    if square.shape != ink.shape:
        steps.append(STEP_CROPPED)
    digit = _count_blocks(square)
    low, high = STROKE_BAND
    if low <= digit.mean() <= high:
        steps.append(STEP_RESIZED)
        return digit
    # The ink of 90 % of the training digits (of every class) covers 25–36 % of the 8×8 box;
    # a thin pen or canvas brush covers a few percent, strokes the models have never seen.
    # Grow (or shrink) the strokes in half-bitmap-pixel steps until they weigh like the training
    # ink, re-cropping each time because the bounding box grows with them.
    thicken = digit.mean() < low
    work = np.pad(_resize(square, STROKE_SIDE), STROKE_SIDE // 4)
    for _ in range(MAX_STROKE_STEPS):
        work = _rank3(work, np.maximum if thicken else np.minimum)
        if work.max() <= BBOX_THRESHOLD:
            break  # eroded away: keep the last digit that still had ink
        candidate = _count_blocks(_crop_square(work))
        digit = candidate
        if (candidate.mean() >= STROKE_TARGET) if thicken else (candidate.mean() <= STROKE_TARGET):
            break
    steps.append(STEP_THICKENED if thicken else STEP_THINNED)
    steps.append(STEP_RESIZED)
    return digit


def _finish(digit01: np.ndarray, steps: list[str]) -> PreparedImage:
    """The training data's own upsampling and normalisation, not a copy of them."""
    data = load_digits_split()
    x01 = upsample_digits(digit01[None] * 16.0)  # upsample_digits expects counts 0–16
    steps.append(STEP_NORMALISED)
    return PreparedImage(
        model_input=data.normalise(x01), preview=x01[0, 0].numpy().copy(), steps=steps
    )
