"""The AV digits data set: shapes, balance, agreement of the two modalities, disjoint splits,
the shipped waveforms, and the seeded test-time noise."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from models.av_digits import (
    IMAGE_SIGMA,
    N_FFT,
    SAMPLE_RATE,
    SNR_DB,
    TEST_NOISE_SEED,
    NoiseSettings,
    load_av_digits,
    log_mel,
    mel_filterbank,
    noisy_test_set,
    same_digit_pairs,
    same_digit_test_set,
)
from models.data import load_digits_split

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def data():
    return load_av_digits()


def test_shapes_and_dtypes(data):
    assert data.image_train.shape == (1347, 1, 28, 28)
    assert data.audio_train.shape == (1347, 1, 32, 32)
    assert data.image_test.shape == (450, 1, 28, 28)
    assert data.audio_test.shape == (450, 1, 32, 32)
    for t in (data.image_train, data.audio_train, data.image_test, data.audio_test):
        assert t.dtype == torch.float32
    assert data.y_train.dtype == data.y_test.dtype == torch.int64
    u = data.utterances
    assert len(u) == 2000
    assert u.log_mel.shape == (2000, 32, 32)
    assert u.log_mel.dtype == np.float16
    assert data.info["snr_db"] == SNR_DB == -10.0


def test_images_are_the_digits_split(data):
    split = load_digits_split()
    assert torch.equal(data.image_train, split.x_train)
    assert torch.equal(data.y_test, split.y_test)


def test_audio_is_normalised_with_training_statistics(data):
    assert float(data.audio_train.mean()) == pytest.approx(0.0, abs=0.05)
    assert float(data.audio_train.std()) == pytest.approx(1.0, abs=0.05)


def test_classes_are_balanced(data):
    u = data.utterances
    assert np.bincount(u.digit[~u.is_test]).tolist() == [150] * 10
    assert np.bincount(u.digit[u.is_test]).tolist() == [50] * 10
    # The stratified image split: 174–183 images per digit overall.
    assert np.bincount(data.y_train.numpy()).min() >= 130
    assert np.bincount(data.y_test.numpy()).tolist() == [45, 46, 44, 46, 45, 46, 45, 45, 43, 45]


def test_image_and_audio_labels_agree(data):
    u = data.utterances
    assert np.array_equal(u.digit[data.utt_train], data.y_train.numpy())
    assert np.array_equal(u.digit[data.utt_test], data.y_test.numpy())


def test_splits_are_disjoint_and_no_utterance_is_reused(data):
    u = data.utterances
    assert not u.is_test[data.utt_train].any()
    assert u.is_test[data.utt_test].all()
    assert set(data.utt_train.tolist()).isdisjoint(data.utt_test.tolist())
    assert len(set(data.utt_train.tolist())) == 1347
    assert len(set(data.utt_test.tolist())) == 450


def test_several_voices_pitches_and_speeds(data):
    u = data.utterances
    assert len(set(u.voice.tolist())) >= 80  # of 8 accents × 12 variants
    assert {v.split("+")[0] for v in u.voice_names} >= {"en-us", "en-gb", "en-gb-scotland"}
    assert u.pitch.min() >= 20 and u.pitch.max() <= 80 and np.ptp(u.pitch) > 50
    assert u.speed.min() >= 130 and u.speed.max() <= 210
    assert u.offset.min() >= 0.0 and u.offset.max() < 0.8


def test_clips_replay_the_stored_spectrograms(data):
    assert len(data.clips) == 20
    assert sorted(c.digit for c in data.clips) == sorted(list(range(10)) * 2)
    for clip in data.clips:
        assert clip.noisy.dtype == clip.clean.dtype == np.int16
        assert clip.noisy.shape == (int(0.8 * SAMPLE_RATE),)
        assert data.utterances.is_test[clip.utterance]
        assert data.utterances.digit[clip.utterance] == clip.digit
    # Recomputing the features of the int16 clips gives the stored float16 spectrograms.
    wave = torch.stack([c.waveform() for c in data.clips])
    stored = torch.from_numpy(
        data.utterances.log_mel[[c.utterance for c in data.clips]].astype(np.float32)
    )
    assert float((log_mel(wave).float() - stored).abs().max()) < 0.05  # dB


def test_mel_filterbank_covers_the_spectrum():
    fb = mel_filterbank()
    assert fb.shape == (32, N_FFT // 2 + 1)
    assert float(fb.max()) <= 1.0
    assert (fb.sum(1) > 0).all()  # no empty band
    centres = fb.argmax(1)
    assert (centres[1:] >= centres[:-1]).all()


def test_log_mel_puts_a_tone_in_its_band():
    t = torch.arange(int(0.8 * SAMPLE_RATE), dtype=torch.float64) / SAMPLE_RATE
    spec = log_mel(torch.sin(2 * math.pi * 1000.0 * t)[None])[0]
    assert spec.shape == (32, 32)
    fb = mel_filterbank()
    band_of_1khz = int(fb[:, round(1000 / (SAMPLE_RATE / N_FFT))].argmax())
    assert int(spec.mean(1).argmax()) == band_of_1khz


def test_noisy_test_set_is_seeded_and_has_the_requested_noise(data):
    image, audio, y = noisy_test_set()
    again = noisy_test_set()
    assert torch.equal(image, again[0]) and torch.equal(audio, again[1])
    assert torch.equal(y, data.y_test)
    noise_std = float((image - data.image_test).std()) * load_digits_split().std
    assert noise_std == pytest.approx(IMAGE_SIGMA, rel=0.01)  # pixel units
    assert torch.equal(audio, data.audio_test)  # the trained SNR: the audio as stored
    other = noisy_test_set(seed=TEST_NOISE_SEED + 1)[0]
    assert not torch.equal(image, other)
    clean = noisy_test_set(image_sigma=0.0)[0]
    assert torch.equal(clean, data.image_test)


def test_lower_snr_adds_speech_noise_without_touching_the_image(data):
    image, audio, _ = noisy_test_set(snr_db=-20.0)
    assert torch.equal(image, noisy_test_set()[0])
    # 10 dB more noise raises the noise-dominated log-mel by about 10 dB ≈ 1.9 std.
    shift = float((audio - data.audio_test).mean()) * data.audio_std
    assert shift == pytest.approx(9.5, abs=1.0)
    assert torch.equal(noisy_test_set(snr_db=0.0)[1], data.audio_test)  # clamped at −10 dB


def test_drop_zeroes_one_modality(data):
    image, audio, _ = noisy_test_set(drop="audio")
    assert torch.count_nonzero(audio) == 0
    assert torch.equal(image, noisy_test_set()[0])
    image, audio, _ = noisy_test_set(drop="image")
    assert torch.count_nonzero(image) == 0
    assert torch.equal(audio, data.audio_test)
    with pytest.raises(ValueError, match="drop"):
        noisy_test_set(drop="video")


def test_noise_does_not_modify_the_cached_data(data):
    before = data.audio_test.clone(), data.image_test.clone()
    image, audio, _ = noisy_test_set(image_sigma=0.0, snr_db=-25.0)
    image += 1.0
    audio += 1.0
    assert torch.equal(data.audio_test, before[0])
    assert torch.equal(data.image_test, before[1])


def test_noise_settings_bound_the_defaults():
    s = NoiseSettings()
    assert s.image_sigma_min <= s.image_sigma == IMAGE_SIGMA <= s.image_sigma_max
    assert s.snr_db_min <= s.snr_db == SNR_DB == s.snr_db_max


def test_same_digit_pairs_are_balanced_and_correct(data):
    train, test = same_digit_pairs()
    assert len(train.same) == 2 * 1347 and len(test.same) == 2 * 450
    for pairs, labels in ((train, data.y_train.numpy()), (test, data.y_test.numpy())):
        assert float(pairs.same.float().mean()) == 0.5
        same = labels[pairs.image_index] == labels[pairs.audio_index]
        assert np.array_equal(same, pairs.same.numpy().astype(bool))
        # Each image appears once in a same pair and once in a different pair.
        for half in (pairs.same.numpy() == 1, pairs.same.numpy() == 0):
            assert np.array_equal(np.sort(pairs.image_index[half]), np.arange(len(labels)))
        # The different pairs' speech covers every digit about as often as the images do.
        heard = np.bincount(labels[pairs.audio_index[pairs.same.numpy() == 0]], minlength=10)
        assert heard.min() >= 0.7 * len(labels) / 10
    image, audio, same = same_digit_test_set()
    assert image.shape == (900, 1, 28, 28) and audio.shape == (900, 1, 32, 32)
    assert torch.equal(same, test.same)
