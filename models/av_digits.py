"""AV digits: each scikit-learn digit image paired with a spoken version of the same digit.

The images are those of :func:`models.data.load_digits_split` (same split, same normalisation).
The speech was synthesised offline with espeak-ng by ``python -m models.av_digits_generate``
and ships as noisy 32×32 log-mel spectrograms in ``models/data/av_digits.npz``; nothing here
needs espeak-ng. Each modality is deliberately imperfect so that fusing them pays off:

* image: Gaussian noise of std :data:`IMAGE_SIGMA` (in pixel units, the ink range being
  [0, 1]), drawn afresh for every training batch (:func:`noisy_images`) and fixed by
  :data:`TEST_NOISE_SEED` for the test set;
* audio: white noise at :data:`SNR_DB` dB signal-to-noise ratio over the 0.8 s window, baked
  into the spectrograms.

Shapes (N = 1,347 train, 450 test)::

    image  (N, 1, 28, 28) float32   normalised with the training images' mean and std
    audio  (N, 1, 32, 32) float32   log-mel (mel band × frame), normalised with train mean/std
    label  (N,)           int64     the digit, the same for image and audio
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import torch

from models.data import DIGIT_CLASSES, load_digits_split

DATA_FILE = Path(__file__).parent / "data" / "av_digits.npz"
GENERATE_COMMAND = "python -m models.av_digits_generate"

# Audio geometry: 0.8 s at 8 kHz, 256-point STFT (32 ms) every 200 samples (25 ms), 32 mel bands.
SAMPLE_RATE = 8_000
WINDOW_SECONDS = 0.8
N_FFT = 256
HOP = 200
N_MELS = 32
N_FRAMES = 32
F_MIN, F_MAX = 20.0, 4_000.0

# The noise that makes each modality imperfect on its own: a single modality then scores about
# 0.75, and fusion has room to help.
# Image noise std in pixel units (images in [0, 1]; 4.0 in the models' normalised units). The
# digits are 8×8 images blown up to 28×28, so a CNN averages much of the noise away: the
# image-only model scores 0.91 at σ = 0.7 and 0.75 at σ = 1.3, the speech-only model's level.
IMAGE_SIGMA = 1.3
SNR_DB = -10.0  # speech power (averaged over the 0.8 s window) vs. white-noise power
TEST_NOISE_SEED = 1234  # fixes the test images' noise: every page and test sees the same test set
SAME_PAIRS_SEED = 7  # fixes the "same digit?" pairs

Drop = Literal["image", "audio"] | None


# --------------------------------------------------------------------------------- features
def mel_filterbank(
    n_mels: int = N_MELS,
    n_fft: int = N_FFT,
    sample_rate: int = SAMPLE_RATE,
    f_min: float = F_MIN,
    f_max: float = F_MAX,
) -> torch.Tensor:
    """Triangular HTK-mel filters, shape (n_mels, n_fft // 2 + 1), each peaking at 1."""

    def hz_to_mel(f: torch.Tensor) -> torch.Tensor:
        return 2595.0 * torch.log10(1.0 + f / 700.0)

    def mel_to_hz(m: torch.Tensor) -> torch.Tensor:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    freqs = torch.linspace(0.0, sample_rate / 2, n_fft // 2 + 1, dtype=torch.float64)
    edges = mel_to_hz(
        torch.linspace(
            float(hz_to_mel(torch.tensor(f_min))),
            float(hz_to_mel(torch.tensor(f_max))),
            n_mels + 2,
            dtype=torch.float64,
        )
    )
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs - lower) / (centre - lower)
    falling = (upper - freqs) / (upper - centre)
    return torch.clamp(torch.minimum(rising, falling), min=0.0).float()


def mel_power(waveforms: torch.Tensor) -> torch.Tensor:
    """Mel-band power (N, 32 bands, 32 frames) of waveforms (N, samples) at 8 kHz."""
    spec = torch.stft(
        waveforms,
        n_fft=N_FFT,
        hop_length=HOP,
        window=torch.hann_window(N_FFT, dtype=waveforms.dtype),
        center=True,
        return_complex=True,
    )
    power = spec[..., :N_FRAMES].abs().square()  # (N, 129, 33) → the first 32 frames = 0.8 s
    return _filterbank(power.dtype) @ power


@functools.lru_cache(maxsize=4)
def _filterbank(dtype: torch.dtype) -> torch.Tensor:
    return mel_filterbank().to(dtype)


def log_mel(waveforms: torch.Tensor) -> torch.Tensor:
    """Log-mel spectrograms in dB of float waveforms (N, samples) at 8 kHz → (N, 32, 32).

    Rows are mel bands (low to high frequency), columns are 25 ms frames.
    """
    return 10.0 * torch.log10(mel_power(waveforms) + 1e-6)


# ------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Utterances:
    """The synthesised utterances (about 2,000), as stored in the npz file."""

    log_mel: np.ndarray  # (U, 32, 32) float16, dB, noisy
    digit: np.ndarray  # (U,) int64
    is_test: np.ndarray  # (U,) bool: test utterances are paired only with test images
    voice: np.ndarray  # (U,) int64, index into voice_names
    voice_names: tuple[str, ...]  # espeak-ng "accent+variant"
    pitch: np.ndarray  # (U,) espeak-ng -p (0–99)
    speed: np.ndarray  # (U,) espeak-ng -s (words per minute)
    gain: np.ndarray  # (U,) peak amplitude of the speech (full scale = 1)
    offset: np.ndarray  # (U,) start of the speech in the 0.8 s window, seconds
    speech_power: np.ndarray  # (U,) mean square of the clean speech over the window

    def __len__(self) -> int:
        return len(self.digit)


@dataclass(frozen=True)
class AudioClip:
    """A stored waveform that the page can play (``st.audio(clip.noisy, sample_rate=...)``)."""

    utterance: int  # index into :class:`Utterances`
    digit: int
    voice: str
    clean: np.ndarray  # (6400,) int16, the speech placed in the 0.8 s window, no noise
    noisy: np.ndarray  # (6400,) int16, what the spectrogram was computed from (scaled)
    scale: float  # the waveform the spectrogram saw is ``noisy / 32767 * scale``
    sample_rate: int = SAMPLE_RATE

    def waveform(self) -> torch.Tensor:
        """The noisy waveform at the level the spectrogram was computed from, float64."""
        return torch.from_numpy(self.noisy.astype(np.float64) / 32767 * self.scale)


@dataclass(frozen=True)
class AVDigits:
    """Images paired with utterances of the same digit; see the module docstring for shapes."""

    image_train: torch.Tensor  # clean; add :func:`noisy_images` noise when training
    audio_train: torch.Tensor
    y_train: torch.Tensor
    image_test: torch.Tensor  # clean; :func:`noisy_test_set` gives the noisy test set
    audio_test: torch.Tensor
    y_test: torch.Tensor
    utt_train: np.ndarray  # (1347,) utterance paired with each training image
    utt_test: np.ndarray  # (450,)
    audio_mean: float
    audio_std: float
    utterances: Utterances
    clips: tuple[AudioClip, ...]
    info: dict  # generation settings (voices, SNR, seeds …)
    class_names: tuple[str, ...] = DIGIT_CLASSES


def _load_npz(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Regenerate it with `{GENERATE_COMMAND}`.")
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


@functools.lru_cache(maxsize=1)
def load_av_digits() -> AVDigits:
    """The paired data set (cached: treat the tensors as read-only)."""
    raw = _load_npz(DATA_FILE)
    digits = load_digits_split()
    utt = Utterances(
        log_mel=raw["log_mel"],
        digit=raw["digit"].astype(np.int64),
        is_test=raw["is_test"].astype(bool),
        voice=raw["voice"].astype(np.int64),
        voice_names=tuple(str(v) for v in raw["voice_names"]),
        pitch=raw["pitch"],
        speed=raw["speed"],
        gain=raw["gain"],
        offset=raw["offset"],
        speech_power=raw["speech_power"],
    )
    utt_train, utt_test = raw["pair_train"].astype(np.int64), raw["pair_test"].astype(np.int64)
    spectra = torch.from_numpy(utt.log_mel.astype(np.float32))
    train_spectra = spectra[torch.from_numpy(np.flatnonzero(~utt.is_test))]
    mean, std = float(train_spectra.mean()), float(train_spectra.std())

    def audio(idx: np.ndarray) -> torch.Tensor:
        return ((spectra[torch.from_numpy(idx)] - mean) / std).unsqueeze(1).contiguous()

    clips = tuple(
        AudioClip(
            utterance=int(u),
            digit=int(utt.digit[u]),
            voice=utt.voice_names[utt.voice[u]],
            clean=raw["clip_clean"][i],
            noisy=raw["clip_noisy"][i],
            scale=float(raw["clip_scale"][i]),
        )
        for i, u in enumerate(raw["clip_utterance"])
    )
    return AVDigits(
        image_train=digits.x_train,
        audio_train=audio(utt_train),
        y_train=digits.y_train,
        image_test=digits.x_test,
        audio_test=audio(utt_test),
        y_test=digits.y_test,
        utt_train=utt_train,
        utt_test=utt_test,
        audio_mean=mean,
        audio_std=std,
        utterances=utt,
        clips=clips,
        info=json.loads(str(raw["info"])),
    )


def noisy_images(
    images: torch.Tensor, sigma: float = IMAGE_SIGMA, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Normalised ``images`` plus Gaussian noise of std ``sigma`` *pixel* units; a new tensor."""
    if sigma <= 0:
        return images.clone()
    noise = torch.randn(images.shape, generator=generator, dtype=images.dtype)
    return images + (sigma / load_digits_split().std) * noise


def add_speech_noise(
    data: AVDigits, utterances: np.ndarray, snr_db: float, generator: torch.Generator
) -> torch.Tensor:
    """Normalised log-mels (N, 1, 32, 32) of ``utterances`` with extra white noise that brings
    them to ``snr_db``.

    The extra noise is a real waveform, turned into mel power like the rest and added to the
    stored power (the cross term with what is there, zero on average, is left out). Only
    noisier than the synthesised :data:`SNR_DB` is possible: that noise is baked in.
    """
    stored = torch.from_numpy(data.utterances.log_mel[utterances].astype(np.float32))
    extra = max(10 ** (-snr_db / 10) - 10 ** (-SNR_DB / 10), 0.0)
    std = torch.from_numpy(np.sqrt(data.utterances.speech_power[utterances] * extra))
    window = int(WINDOW_SECONDS * SAMPLE_RATE)
    noise = torch.randn(len(utterances), window, generator=generator) * std[:, None].float()
    power = 10.0 ** (stored / 10.0) + mel_power(noise)
    return ((10.0 * torch.log10(power) - data.audio_mean) / data.audio_std).unsqueeze(1)


@dataclass(frozen=True)
class NoiseSettings:
    """Bounds of the page's test-time noise controls (declared here, drawn by the page).

    Measured on the shipped image-only / speech-only models: image σ 0 → 0.94, 1.3 → 0.75,
    2.5 → 0.48, 4 → 0.31; speech −10 dB → 0.76, −12 → 0.60, −14 → 0.36, −18 → 0.12.
    """

    image_sigma: float = IMAGE_SIGMA  # pixel units; the trained level
    image_sigma_min: float = 0.0
    image_sigma_max: float = 4.0
    snr_db: float = SNR_DB  # the trained level; that noise is baked in, so it can only go down
    snr_db_min: float = -20.0  # the speech-only model is at chance from about −18 dB
    snr_db_max: float = SNR_DB
    seed: int = TEST_NOISE_SEED


# A page draws one pair and the accuracies of the same noisy test set on every slider step:
# computed once per setting (the speech noise costs 0.1–0.2 s on a busy 2-core server).
@functools.lru_cache(maxsize=16)
def noisy_test_set(
    image_sigma: float = IMAGE_SIGMA,
    snr_db: float = SNR_DB,
    drop: Drop = None,
    seed: int = TEST_NOISE_SEED,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The 450 test pairs as ``(image, audio, label)`` with seeded noise, for what-if comparisons.

    Args:
        image_sigma: std of the Gaussian image noise in pixel units (images in [0, 1]). The
            defaults with the default seed give *the* test set of the recorded accuracies.
        snr_db: speech signal-to-noise ratio in dB, at most :data:`SNR_DB` (−10 dB, the level
            the audio was synthesised with; higher values give that level).
        drop: ``"image"`` or ``"audio"`` replaces that modality by zeros (the training mean),
            as if the sensor were missing.
        seed: noise seed. The same arguments always return the same tensors, and changing one
            modality's noise leaves the other's as it was.

    Costs about 5 ms (about 20 ms with extra speech noise) the first time for these
    arguments; the result is cached and shared: read-only, like the data it comes from.
    """
    data = load_av_digits()
    image = noisy_images(data.image_test, image_sigma, torch.Generator().manual_seed(seed))
    if snr_db < SNR_DB:
        audio_gen = torch.Generator().manual_seed(seed + 1)
        audio = add_speech_noise(data, data.utt_test, snr_db, audio_gen)
    else:
        audio = data.audio_test.clone()
    if drop == "image":
        image = torch.zeros_like(image)
    elif drop == "audio":
        audio = torch.zeros_like(audio)
    elif drop is not None:
        raise ValueError(f"drop must be None, 'image' or 'audio', not {drop!r}")
    return image, audio, data.y_test


# --------------------------------------------------------------------- "same digit?" pairs
@dataclass(frozen=True)
class SamePairs:
    """Balanced pairs for "are the image and the speech the same digit?" (1 = same).

    Every image appears twice: once with its own utterance (same) and once with the utterance
    paired with another image of a different digit (different), so each half is balanced over
    digits and no utterance crosses the split.
    """

    image_index: np.ndarray  # (2N,) into the split's images
    audio_index: np.ndarray  # (2N,) into the split's (paired) audio rows
    same: torch.Tensor  # (2N,) int64 in {0, 1}


def _same_pairs(labels: np.ndarray, rng: np.random.Generator) -> SamePairs:
    n = len(labels)
    partner = np.empty(n, dtype=np.int64)
    for i in range(n):
        others = np.flatnonzero(labels != labels[i])
        partner[i] = others[rng.integers(len(others))]
    image_index = np.concatenate([np.arange(n), np.arange(n)])
    audio_index = np.concatenate([np.arange(n), partner])
    same = torch.cat([torch.ones(n, dtype=torch.int64), torch.zeros(n, dtype=torch.int64)])
    return SamePairs(image_index, audio_index, same)


@functools.lru_cache(maxsize=1)
def same_digit_pairs() -> tuple[SamePairs, SamePairs]:
    """The fixed (train, test) pairs of the interaction task: 2,694 and 900 pairs."""
    data = load_av_digits()
    rng = np.random.default_rng(SAME_PAIRS_SEED)
    return _same_pairs(data.y_train.numpy(), rng), _same_pairs(data.y_test.numpy(), rng)


def same_digit_test_set(
    image_sigma: float = IMAGE_SIGMA,
    snr_db: float = SNR_DB,
    drop: Drop = None,
    seed: int = TEST_NOISE_SEED,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`noisy_test_set` arranged as the interaction task's 900 test pairs."""
    image, audio, _ = noisy_test_set(image_sigma, snr_db, drop, seed)
    pairs = same_digit_pairs()[1]
    return (
        image[torch.from_numpy(pairs.image_index)],
        audio[torch.from_numpy(pairs.audio_index)],
        pairs.same,
    )
