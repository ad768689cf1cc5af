"""Turning test digits, uploads and canvas drawings into model inputs (all images built here)."""

from __future__ import annotations

import io
import math
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw, PngImagePlugin

from components.errors import UserFacingError
from components.explain import inputs
from components.explain.inputs import (
    MAX_PIXELS,
    PreparedImage,
    prepare_drawing,
    prepare_test_digit,
    prepare_upload,
)
from models.data import load_digits_split
from models.registry import load_model
from tests.digit_png import render_digit_png

STEP_KEYS = {value for name, value in vars(inputs).items() if name.startswith("STEP_")}
ERROR_KEYS = {
    "explain.error.empty_upload",
    "explain.error.upload_too_large",
    "explain.error.not_an_image",
    "explain.error.image_too_large",
    "explain.error.blank_image",
    "explain.error.empty_drawing",
    "explain.error.bad_index",
}


@pytest.fixture(scope="module")
def lenet():
    return load_model("lenet")


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


def digit_image(data, i: int) -> np.ndarray:
    """Test digit ``i`` as a (28, 28) bright-ink image in [0, 1]."""
    return data.denormalise(data.x_test[i])[0].clamp(0, 1).numpy()


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def predict(model, prepared: PreparedImage) -> int:
    with torch.inference_mode():
        return int(model(prepared.model_input).argmax(1))


def expect_error(key: str, call, *args):
    with pytest.raises(UserFacingError) as info:
        call(*args)
    assert info.value.key == key
    return info.value


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` pixels but holds no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def canvas_stroke(digit: str, width: int = 18, background=(0, 0, 0, 0), ink=(0, 0, 0, 255)):
    """What streamlit-drawable-canvas returns after drawing a 1, 7 or 0: (280, 280, 4) uint8."""
    image = Image.new("RGBA", (280, 280), background)
    draw = ImageDraw.Draw(image)
    paths = {
        "1": [(120, 70), (150, 45), (150, 235)],
        "7": [(80, 50), (200, 50), (115, 235)],
        "0": [
            (140 + 60 * math.cos(a), 140 + 95 * math.sin(a))
            for a in np.linspace(0, 2 * math.pi, 60)
        ],
    }
    draw.line(paths[digit], fill=ink, width=width, joint="curve")
    return np.asarray(image)


# --- bad input: every case is a UserFacingError with the right key -------------------------


def test_empty_upload():
    expect_error("explain.error.empty_upload", prepare_upload, b"", "digit.png")


def test_upload_over_the_byte_limit():
    junk = np.random.default_rng(0).bytes(6 * 2**20)
    err = expect_error("explain.error.upload_too_large", prepare_upload, junk, "x.png")
    assert err.values["max_mb"] == 5


def test_text_file_renamed_png():
    text = b"Dear students,\nthis is not a picture of a digit.\n" * 20
    expect_error("explain.error.not_an_image", prepare_upload, text, "digit.png")


def test_truncated_png():
    noise = np.random.default_rng(1).integers(0, 256, (120, 120), dtype=np.uint8)
    whole = encode(Image.fromarray(noise))
    expect_error("explain.error.not_an_image", prepare_upload, whole[: len(whole) // 2])


@pytest.mark.parametrize("fmt", ["TIFF", "ICO", "PPM"])
def test_formats_outside_the_list_are_refused(data, fmt):
    picture = Image.fromarray(np.uint8(255 - digit_image(data, 0) * 255))
    expect_error("explain.error.not_an_image", prepare_upload, encode(picture, fmt))


def test_postscript_is_never_opened():
    """EPS would start Ghostscript; it must be refused before any plugin looks at it."""
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    expect_error("explain.error.not_an_image", prepare_upload, eps, "digit.eps")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_huge_image_is_refused_before_decoding(monkeypatch):
    huge = encode(Image.new("1", (10_000, 10_000), 1), optimize=True)
    assert len(huge) < inputs.MAX_UPLOAD_BYTES  # small on disk: only the pixel count is wrong

    def no_decoding(self):
        raise AssertionError("the pixels of a too-large image were decoded")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", no_decoding)
    err = expect_error("explain.error.image_too_large", prepare_upload, huge)
    assert err.values["max_pixels"] == MAX_PIXELS == 4096 * 4096


def test_forged_header_past_pils_own_bomb_limit():
    expect_error("explain.error.image_too_large", prepare_upload, png_header(60_000, 60_000))


def test_zero_sized_png_header():
    expect_error("explain.error.not_an_image", prepare_upload, png_header(0, 0))


def test_fully_transparent_png_is_blank():
    clear = encode(Image.new("RGBA", (200, 200), (0, 0, 0, 0)))
    expect_error("explain.error.blank_image", prepare_upload, clear)


@pytest.mark.parametrize("gray", [0, 128, 255])
def test_plain_image_is_blank(gray):
    plain = encode(Image.new("L", (64, 64), gray))
    expect_error("explain.error.blank_image", prepare_upload, plain)


def test_jpeg_of_plain_paper_is_blank():
    paper = np.full((300, 400), 235.0) + np.random.default_rng(2).normal(0, 4, (300, 400))
    jpeg = encode(Image.fromarray(np.uint8(np.clip(paper, 0, 255))), "JPEG", quality=60)
    expect_error("explain.error.blank_image", prepare_upload, jpeg)


def test_empty_drawings():
    expect_error("explain.error.empty_drawing", prepare_drawing, None)
    expect_error("explain.error.empty_drawing", prepare_drawing, np.zeros((280, 280, 4), np.uint8))
    white = np.full((280, 280, 4), 255, np.uint8)  # an opaque white canvas, nothing drawn
    expect_error("explain.error.empty_drawing", prepare_drawing, white)
    expect_error("explain.error.empty_drawing", prepare_drawing, np.zeros((0, 0, 4), np.uint8))


def test_drawing_that_is_no_image_is_a_programming_error():
    with pytest.raises(ValueError):
        prepare_drawing(np.zeros((4, 4, 2), np.uint8))


@pytest.mark.parametrize("index", [-1, 450, 10_000, True, 1.5])
def test_bad_test_index(index):
    err = expect_error("explain.error.bad_index", prepare_test_digit, index)
    assert err.values["max"] == 449


def test_corrupted_files_never_escape_as_tracebacks(data):
    """Bytes flipped anywhere in PNG and JPEG files: a prepared image or a UserFacingError."""
    rng = np.random.default_rng(3)
    picture = Image.fromarray(np.uint8(255 - digit_image(data, 5) * 255)).resize((96, 96))
    outcomes = set()
    for original in (encode(picture), encode(picture, "JPEG"), encode(picture, "GIF")):
        for _ in range(60):
            broken = bytearray(original)
            for pos in rng.integers(0, len(broken), size=rng.integers(1, 6)):
                broken[pos] = rng.integers(0, 256)
            try:
                outcomes.add(type(prepare_upload(bytes(broken))).__name__)
            except UserFacingError as err:
                assert err.key in ERROR_KEYS
                outcomes.add(err.key)
    assert "explain.error.not_an_image" in outcomes


# --- what comes out -----------------------------------------------------------------------


def test_test_digit_is_the_split_itself(data):
    for i in (0, 17, 449):
        prepared = prepare_test_digit(i)
        assert prepared.model_input.shape == (1, 1, 28, 28)
        assert torch.equal(prepared.model_input[0], data.x_test[i])
        assert prepared.preview.shape == (28, 28)
        np.testing.assert_allclose(prepared.preview, digit_image(data, i), atol=1e-6)
    assert prepare_test_digit(np.int64(3)).steps == [inputs.STEP_TEST_DIGIT]


def test_preview_is_exactly_what_the_model_sees(data):
    prepared = prepare_upload(render_digit_png(digit_image(data, 7)))
    assert prepared.preview.shape == (28, 28)
    assert prepared.preview.min() >= 0.0
    assert prepared.preview.max() <= 1.0
    again = data.normalise(torch.from_numpy(prepared.preview)[None, None])
    assert torch.allclose(again, prepared.model_input, atol=1e-6)
    assert prepared.steps[-1] == inputs.STEP_NORMALISED
    assert set(prepared.steps) <= STEP_KEYS
    assert inputs.STEP_INVERTED in prepared.steps  # dark ink on white paper
    assert inputs.STEP_CROPPED in prepared.steps


def model_accuracy_on_rerendered_digits(model, data, n: int = 100) -> float:
    """Accuracy of ``model`` on the first ``n`` test digits printed as 64×64 dark-on-white PNGs
    and read back through :func:`prepare_upload`.

    Near the model's test accuracy means the upload path feeds the model what it was trained on.
    """
    images = data.denormalise(data.x_test[:n])[:, 0].clamp(0.0, 1.0).numpy()
    batch = torch.cat([prepare_upload(render_digit_png(image)).model_input for image in images])
    with torch.inference_mode():
        predicted = model(batch).argmax(1)
    return float((predicted == data.y_test[:n]).float().mean())


def test_rerendered_test_digits_keep_their_accuracy(lenet, data):
    assert model_accuracy_on_rerendered_digits(lenet, data, n=100) >= 0.9


def test_large_dark_on_light_uploads_predict_like_the_originals(lenet, data):
    """Test digits printed at 280×280, dark on light: same class as the original ≥ 90 %."""
    with torch.inference_mode():
        original = lenet(data.x_test[:100]).argmax(1)
    uploaded = torch.cat(
        [
            prepare_upload(render_digit_png(digit_image(data, i), side=280)).model_input
            for i in range(100)
        ]
    )
    with torch.inference_mode():
        agree = (lenet(uploaded).argmax(1) == original).float().mean().item()
    assert agree >= 0.9


def test_small_bright_on_dark_uploads_work(lenet, data):
    """An MNIST-style 28×28 white-on-black PNG of a test digit, with no margin."""
    hits = 0
    for i in range(50):
        picture = Image.fromarray(np.uint8(digit_image(data, i) * 255))
        prepared = prepare_upload(encode(picture))
        assert inputs.STEP_INVERTED not in prepared.steps
        hits += predict(lenet, prepared) == int(data.y_test[i])
    assert hits >= 45


def test_polarity_does_not_matter(data):
    for i in (0, 1, 2):
        dark_on_light = prepare_upload(render_digit_png(digit_image(data, i), dark_on_light=True))
        light_on_dark = prepare_upload(render_digit_png(digit_image(data, i), dark_on_light=False))
        assert torch.allclose(dark_on_light.model_input, light_on_dark.model_input, atol=1e-4)
        assert inputs.STEP_INVERTED in dark_on_light.steps
        assert inputs.STEP_INVERTED not in light_on_dark.steps


def test_jpeg_upload(lenet, data):
    png = render_digit_png(digit_image(data, 3), side=200)
    jpeg = encode(Image.open(io.BytesIO(png)).convert("RGB"), "JPEG", quality=75)
    from_png, from_jpeg = prepare_upload(png), prepare_upload(jpeg, "digit.jpg")
    assert inputs.STEP_GRAYSCALE in from_jpeg.steps
    assert (from_png.model_input - from_jpeg.model_input).abs().mean() < 0.1
    assert predict(lenet, from_jpeg) == predict(lenet, from_png) == int(data.y_test[3])


def test_exif_rotation_is_applied(data):
    upright = Image.open(io.BytesIO(render_digit_png(digit_image(data, 4), side=160))).convert(
        "RGB"
    )
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # as the phone's sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    tagged = prepare_upload(encode(sideways, "JPEG", quality=95, exif=exif.tobytes()))
    untagged = prepare_upload(encode(sideways, "JPEG", quality=95))
    reference = prepare_upload(encode(upright, "JPEG", quality=95))
    assert inputs.STEP_EXIF in tagged.steps
    assert inputs.STEP_EXIF not in untagged.steps
    error = (tagged.model_input - reference.model_input).abs().mean()
    assert error < 0.05
    assert (untagged.model_input - reference.model_input).abs().mean() > 5 * error


def test_transparent_png_with_a_dark_digit(lenet, data):
    ink = np.uint8(digit_image(data, 9) * 255)
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., 3] = ink  # black strokes, transparent elsewhere: how editors export a drawing
    picture = Image.fromarray(rgba).resize((140, 140), Image.Resampling.BILINEAR)
    prepared = prepare_upload(encode(picture))
    assert inputs.STEP_ALPHA in prepared.steps
    assert inputs.STEP_INVERTED in prepared.steps  # flattened on white, so dark on light
    assert predict(lenet, prepared) == int(data.y_test[9])
    rgba[..., :3] = 255  # white strokes on transparent: must not vanish on a white background
    white = prepare_upload(encode(Image.fromarray(rgba).resize((140, 140))))
    assert predict(lenet, white) == int(data.y_test[9])


def test_palette_gif_with_transparency(lenet, data):
    ink = digit_image(data, 11) > 0.4
    palette = Image.fromarray(np.where(ink, 1, 0).astype(np.uint8), mode="P")
    palette.putpalette([255, 255, 255, 20, 20, 120])  # index 0 white (transparent), 1 dark blue
    gif = encode(palette.resize((112, 112), Image.Resampling.NEAREST), "GIF", transparency=0)
    prepared = prepare_upload(gif)
    assert inputs.STEP_ALPHA in prepared.steps
    assert predict(lenet, prepared) == int(data.y_test[11])


def test_sixteen_bit_png(lenet, data):
    scan = np.uint16((1.0 - digit_image(data, 12)) * 65535)
    prepared = prepare_upload(encode(Image.fromarray(scan)))
    assert predict(lenet, prepared) == int(data.y_test[12])


def test_unevenly_lit_phone_photo(lenet, data):
    """3000×2000 photo, digit off-centre, light falling off by 60 % across the page, JPEG."""
    rng = np.random.default_rng(4)
    hits = 0
    for i in range(10):
        ink = Image.fromarray(np.uint8(digit_image(data, i) * 255)).resize((500, 500))
        page = np.zeros((2000, 3000), np.float32)
        page[600:1100, 1900:2400] = np.asarray(ink) / 255.0
        x = np.linspace(0.0, 1.0, 3000, dtype=np.float32)
        light = 1.0 - 0.6 * x[None, :]
        photo = 0.92 * (1.0 - 0.85 * page) * light + rng.normal(0, 0.03, page.shape)
        jpeg = encode(Image.fromarray(np.uint8(np.clip(photo, 0, 1) * 255)), "JPEG", quality=70)
        hits += predict(lenet, prepare_upload(jpeg)) == int(data.y_test[i])
    assert hits >= 9


@pytest.mark.parametrize("digit", ["0", "1", "7"])
@pytest.mark.parametrize(
    ("background", "ink"),
    [
        ((0, 0, 0, 0), (0, 0, 0, 255)),  # black strokes on a transparent canvas
        ((0, 0, 0, 0), (255, 255, 255, 255)),  # white strokes on a transparent canvas
        ((0, 0, 0, 255), (255, 255, 255, 255)),  # white on an opaque black canvas
        ((255, 255, 255, 255), (0, 0, 0, 255)),  # black on an opaque white canvas
    ],
)
def test_canvas_drawing(lenet, digit, background, ink):
    prepared = prepare_drawing(canvas_stroke(digit, background=background, ink=ink))
    assert predict(lenet, prepared) == int(digit)
    reference = prepare_drawing(canvas_stroke(digit))
    assert torch.allclose(prepared.model_input, reference.model_input, atol=1e-3)


def test_thin_strokes_are_thickened_like_the_training_ink(lenet):
    thin = prepare_drawing(canvas_stroke("7", width=4))
    assert inputs.STEP_THICKENED in thin.steps
    assert predict(lenet, thin) == 7
    low, high = inputs.STROKE_BAND
    ink8 = thin.preview  # the 28×28 upsample of the 8×8 keeps its mean closely
    assert low - 0.03 <= ink8.mean() <= high + 0.03


def test_float_and_gray_drawings():
    rgba = canvas_stroke("1", ink=(255, 255, 255, 255), background=(0, 0, 0, 255))
    as_uint8 = prepare_drawing(rgba)
    as_float = prepare_drawing(rgba.astype(np.float32) / 255.0)
    as_gray = prepare_drawing(rgba[..., 0])
    assert torch.allclose(as_uint8.model_input, as_float.model_input, atol=1e-5)
    assert torch.allclose(as_uint8.model_input, as_gray.model_input, atol=1e-5)


def test_a_speck_of_dust_does_not_move_the_crop(data):
    clean = np.asarray(Image.open(io.BytesIO(render_digit_png(digit_image(data, 6), side=256))))
    dusty = clean.copy()
    dusty[250, 5] = 0  # one black pixel in the far corner of the white page
    a, b = (
        prepare_upload(encode(Image.fromarray(clean))),
        prepare_upload(encode(Image.fromarray(dusty))),
    )
    assert torch.allclose(a.model_input, b.model_input, atol=1e-5)
