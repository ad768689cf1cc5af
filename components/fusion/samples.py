"""One image + speech pair as the fusion models see it, and as a person sees and hears it.

A pair is a test image (or an uploaded or drawn digit) with the speech of a test pair: its own
utterance, or one of the stored clips, so that an image of a 3 can be heard with a spoken 7.
Test-time noise and a dropped modality are applied exactly as :func:`noisy_test_set` applies
them to the whole split, so a pair's numbers match the accuracy charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from models.av_digits import (
    SNR_DB,
    TEST_NOISE_SEED,
    WINDOW_SECONDS,
    AudioClip,
    Drop,
    load_av_digits,
    noisy_images,
    noisy_test_set,
)
from models.data import load_digits_split

OWN_SPEECH = -1  # clip picker value: the pair's own utterance


@dataclass(frozen=True)
class Pair:
    """Model inputs of one pair, with what the page shows next to them."""

    image: torch.Tensor  # (1, 1, 28, 28) normalised, noise (and drop) applied
    audio: torch.Tensor  # (1, 1, 32, 32) normalised log-mel, noise (and drop) applied
    image_digit: int | None  # None for a drawing whose digit nobody told us
    audio_digit: int
    image_preview: np.ndarray  # (28, 28) in [0, 1]: the noisy image as pixels
    clean_preview: np.ndarray  # (28, 28) in [0, 1]: the same image before the test-time noise
    spectrogram_db: np.ndarray  # (32 mel bands, 32 frames) in dB, what the audio encoder reads
    clip: AudioClip | None  # a stored recording of this speech, if one ships


@dataclass(frozen=True)
class NoiseLevel:
    """Test-time corruption of both modalities (bounds: :class:`models.av_digits.NoiseSettings`)."""

    image_sigma: float
    snr_db: float
    drop: Drop = None
    seed: int = TEST_NOISE_SEED


@lru_cache(maxsize=1)
def clip_rows() -> tuple[int, ...]:
    """For each stored clip, the test pair whose speech it is (all clips are test utterances)."""
    data = load_av_digits()
    rows = []
    for clip in data.clips:
        matches = np.flatnonzero(data.utt_test == clip.utterance)
        if not len(matches):
            raise ValueError(f"clip of utterance {clip.utterance} is in no test pair")
        rows.append(int(matches[0]))
    return tuple(rows)


def clip_of_row(row: int) -> AudioClip | None:
    """The stored clip of test pair ``row``'s speech, or None (only 20 utterances ship audio)."""
    rows = clip_rows()
    return load_av_digits().clips[rows.index(row)] if row in rows else None


def _preview(image: torch.Tensor) -> np.ndarray:
    return load_digits_split().denormalise(image)[0, 0].clamp(0.0, 1.0).numpy()


def _spectrogram_db(audio: torch.Tensor) -> np.ndarray:
    data = load_av_digits()
    return (audio[0, 0] * data.audio_std + data.audio_mean).numpy()


def pair_from_test(index: int, clip: int, noise: NoiseLevel) -> Pair:
    """Test image ``index`` with its own speech (``clip == OWN_SPEECH``) or stored clip ``clip``.

    Raises:
        IndexError: ``index`` or ``clip`` out of range.
    """
    data = load_av_digits()
    if not 0 <= index < len(data.y_test):
        raise IndexError(f"test pair {index} not in 0…{len(data.y_test) - 1}")
    if clip != OWN_SPEECH and not 0 <= clip < len(data.clips):
        raise IndexError(f"clip {clip} not in 0…{len(data.clips) - 1}")
    image, audio, labels = noisy_test_set(noise.image_sigma, noise.snr_db, noise.drop, noise.seed)
    row = index if clip == OWN_SPEECH else clip_rows()[clip]
    pair_image, pair_audio = image[index : index + 1], audio[row : row + 1]
    return Pair(
        image=pair_image,
        audio=pair_audio,
        image_digit=int(labels[index]),
        audio_digit=int(labels[row]),
        image_preview=_preview(pair_image),
        clean_preview=_preview(data.image_test[index : index + 1]),
        spectrogram_db=_spectrogram_db(pair_audio),
        clip=clip_of_row(row),
    )


def outside_pair(clean_image: torch.Tensor, clip: int, noise: NoiseLevel) -> Pair:
    """An uploaded or drawn digit (clean, normalised (1, 1, 28, 28)) with stored clip ``clip``
    (or, for ``OWN_SPEECH``, the first clip); the image gets the same noise as the test set."""
    clip = 0 if clip == OWN_SPEECH else clip
    base = pair_from_test(clip_rows()[clip], OWN_SPEECH, noise)
    generator = torch.Generator().manual_seed(noise.seed)
    image = noisy_images(clean_image, noise.image_sigma, generator)
    if noise.drop == "image":
        image = torch.zeros_like(image)
    return Pair(
        image=image,
        audio=base.audio,
        image_digit=None,
        audio_digit=base.audio_digit,
        image_preview=_preview(image),
        clean_preview=_preview(clean_image),
        spectrogram_db=base.spectrogram_db,
        clip=base.clip,
    )


def clip_waveform(
    clip: AudioClip, snr_db: float = SNR_DB, seed: int = TEST_NOISE_SEED
) -> np.ndarray:
    """What the model hears, to play: the stored noisy clip plus the extra white noise that takes
    it to ``snr_db`` (as :func:`models.av_digits.add_speech_noise` adds it), peak-scaled to ±1."""
    data = load_av_digits()
    wave = clip.waveform().numpy()
    extra = max(10 ** (-snr_db / 10) - 10 ** (-SNR_DB / 10), 0.0)
    if extra > 0:
        rng = np.random.default_rng(seed)
        std = float(np.sqrt(data.utterances.speech_power[clip.utterance] * extra))
        wave = wave + rng.standard_normal(len(wave)) * std
    peak = float(np.abs(wave).max()) or 1.0
    return (wave / peak).astype(np.float32)


def clean_waveform(clip: AudioClip) -> np.ndarray:
    """The speech alone, no noise, peak-scaled to ±1 (to hear what the noise hides)."""
    wave = clip.clean.astype(np.float32)
    return wave / (float(np.abs(wave).max()) or 1.0)


FRAME_SECONDS = WINDOW_SECONDS / 8  # one audio token of the encoders: about 100 ms
