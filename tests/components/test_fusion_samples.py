"""One pair as the page shows it: the same inputs as the test set, a stored clip to play, and an
outside image converted like the training digits."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from components.explain.inputs import prepare_upload
from components.fusion.samples import (
    OWN_SPEECH,
    NoiseLevel,
    clean_waveform,
    clip_rows,
    clip_waveform,
    outside_pair,
    pair_from_test,
)
from dashboard.areas.fuse.params import FUSE_PARAMS
from models.av_digits import IMAGE_SIGMA, SNR_DB, NoiseSettings, load_av_digits, noisy_test_set

TRAINED = NoiseLevel(IMAGE_SIGMA, SNR_DB)


def test_a_test_pair_is_a_row_of_the_test_set():
    pair = pair_from_test(7, OWN_SPEECH, TRAINED)
    image, audio, labels = noisy_test_set()
    assert torch.equal(pair.image, image[7:8]) and torch.equal(pair.audio, audio[7:8])
    assert pair.image_digit == pair.audio_digit == int(labels[7])
    assert pair.image_preview.shape == pair.clean_preview.shape == (28, 28)
    assert pair.spectrogram_db.shape == (32, 32)
    assert pair.image_preview.min() >= 0.0 and pair.image_preview.max() <= 1.0


def test_stored_clips_pair_with_their_test_rows():
    data = load_av_digits()
    rows = clip_rows()
    assert len(rows) == len(data.clips) == 20
    assert FUSE_PARAMS[[p.key for p in FUSE_PARAMS].index("clip")].parse("19") == 19
    for i, clip in enumerate(data.clips):
        assert int(data.y_test[rows[i]]) == clip.digit
        pair = pair_from_test(0, i, TRAINED)
        assert pair.audio_digit == clip.digit and pair.clip is clip
        assert pair.image_digit == int(data.y_test[0])  # the image stays the chosen one


def test_noise_and_drop_apply_like_the_test_set():
    bounds = NoiseSettings()
    for sigma, snr in (
        (bounds.image_sigma_min, bounds.snr_db_max),
        (bounds.image_sigma_max, bounds.snr_db_min),
    ):
        pair = pair_from_test(3, OWN_SPEECH, NoiseLevel(sigma, snr))
        image, audio, _ = noisy_test_set(sigma, snr)
        assert torch.equal(pair.audio, audio[3:4]) and torch.equal(pair.image, image[3:4])
    dropped = pair_from_test(3, OWN_SPEECH, NoiseLevel(IMAGE_SIGMA, SNR_DB, "audio"))
    assert dropped.audio.abs().max() == 0
    clean = pair_from_test(3, OWN_SPEECH, NoiseLevel(0.0, SNR_DB))
    np.testing.assert_allclose(clean.image_preview, clean.clean_preview, atol=1e-6)


def test_out_of_range():
    with pytest.raises(IndexError):
        pair_from_test(450, OWN_SPEECH, TRAINED)
    with pytest.raises(IndexError):
        pair_from_test(0, 20, TRAINED)


def _png(array: np.ndarray, mode: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array, mode).save(out, format="PNG")
    return out.getvalue()


def test_a_non_digit_upload_is_converted_and_paired():
    # A colour photo-like gradient with a blob: nothing like a digit, converted all the same.
    y, x = np.mgrid[0:120, 0:160]
    rgb = np.stack([x * 1.5, y * 2.0, 255 - x], axis=-1).clip(0, 255).astype(np.uint8)
    rgb[40:80, 60:100] = 10
    prepared = prepare_upload(_png(rgb, "RGB"), "photo.png")
    pair = outside_pair(prepared.model_input, 4, TRAINED)
    assert pair.image.shape == (1, 1, 28, 28) and pair.image_digit is None
    assert pair.audio_digit == load_av_digits().clips[4].digit
    np.testing.assert_allclose(pair.clean_preview, prepared.preview, atol=1e-5)
    assert not np.allclose(pair.image_preview, pair.clean_preview)  # the test noise was added
    own = outside_pair(prepared.model_input, OWN_SPEECH, TRAINED)  # no own speech: first clip
    assert own.audio_digit == load_av_digits().clips[0].digit


def test_clip_waveforms_to_play():
    clip = load_av_digits().clips[0]
    as_stored = clip_waveform(clip, SNR_DB)
    noisier = clip_waveform(clip, -20.0)
    speech = clean_waveform(clip)
    for wave in (as_stored, noisier, speech):
        assert wave.dtype == np.float32 and wave.shape == (6400,)
        assert np.abs(wave).max() == pytest.approx(1.0)

    def corr(a, b):
        return float(np.corrcoef(a, b)[0, 1])

    assert corr(noisier, speech) < corr(as_stored, speech)
