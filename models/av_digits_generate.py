"""Regenerate ``models/data/av_digits.npz``: ``python -m models.av_digits_generate``.

Needs espeak-ng (``apt-get install -y espeak-ng``) only here; the app and tests read the npz.
Every random choice comes from one seeded generator, so a rerun with the same espeak-ng
version rewrites the same file (espeak-ng 1.51 made the shipped one).

Per utterance: a digit word, an accent × voice variant, a pitch, a speed and a gain are drawn;
espeak-ng speaks it at 22,050 Hz; it is resampled to 8 kHz, trimmed of silence, placed at a
random offset in a 0.8 s window, mixed with white noise at −10 dB SNR (speech power
averaged over the whole window) and turned into a 32×32
log-mel spectrogram (stored as float16).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import time
import wave
from math import gcd
from pathlib import Path

import numpy as np
import torch
from scipy.signal import resample_poly

from models.av_digits import DATA_FILE, SAMPLE_RATE, SNR_DB, WINDOW_SECONDS, log_mel
from models.data import load_digits_split

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ACCENTS = (  # espeak-ng's own English voices (no mbrola data needed)
    "en-us",
    "en-us-nyc",
    "en-gb",
    "en-gb-x-rp",
    "en-gb-scotland",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
    "en-029",
)
VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5")
PITCH = (20, 80)  # espeak-ng -p range
SPEED = (130, 210)  # words per minute; slower speech no longer fits the 0.8 s window
GAIN = (0.3, 1.0)  # peak amplitude after trimming, as a fraction of full scale
PER_DIGIT = 200  # 2,000 utterances in all
TEST_PER_DIGIT = 50  # ≥ the most test images of one digit (46), so no utterance is reused
CLIPS_PER_DIGIT = 2  # test utterances kept as playable waveforms
SEED = 2024
SILENCE_DB = -40.0  # frames this far below the utterance's loudest frame are trimmed


def speak(word: str, voice: str, pitch: int, speed: int) -> np.ndarray:
    """espeak-ng's waveform for ``word`` as float64 in [-1, 1] at :data:`SAMPLE_RATE`."""
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout", word],
        check=True,
        capture_output=True,
    ).stdout
    with wave.open(io.BytesIO(out)) as wav:
        rate = wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    g = gcd(SAMPLE_RATE, rate)
    return resample_poly(pcm / 32768.0, SAMPLE_RATE // g, rate // g)


def trim_silence(x: np.ndarray, frame: int = 80) -> np.ndarray:
    """Drop leading and trailing 10 ms frames quieter than :data:`SILENCE_DB` below the peak."""
    n = len(x) // frame
    energy = np.square(x[: n * frame].reshape(n, frame)).mean(1)
    loud = np.flatnonzero(10 * np.log10(energy / energy.max() + 1e-12) > SILENCE_DB)
    return x[loud[0] * frame : (loud[-1] + 1) * frame]


def generate(seed: int = SEED, path: Path = DATA_FILE) -> dict:
    """Synthesise every utterance and write the npz; returns the info stored with it."""
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is not installed: apt-get install -y espeak-ng")
    rng = np.random.default_rng(seed)
    window = int(WINDOW_SECONDS * SAMPLE_RATE)
    voices = [f"{a}+{v}" for a in ACCENTS for v in VARIANTS]
    n = PER_DIGIT * len(WORDS)
    digit = np.repeat(np.arange(len(WORDS)), PER_DIGIT)
    is_test = np.zeros(n, dtype=bool)
    for d in range(len(WORDS)):  # a seeded, per-digit choice of test utterances
        is_test[rng.choice(np.flatnonzero(digit == d), TEST_PER_DIGIT, replace=False)] = True
    voice = rng.integers(len(voices), size=n)
    pitch = rng.integers(PITCH[0], PITCH[1] + 1, size=n)
    speed = rng.integers(SPEED[0], SPEED[1] + 1, size=n)
    gain = rng.uniform(*GAIN, size=n)
    offset = np.zeros(n)
    speech_power = np.zeros(n)
    clean = np.zeros((n, window))
    noisy = np.zeros((n, window))
    cropped = 0
    for i in range(n):
        x = trim_silence(speak(WORDS[digit[i]], voices[voice[i]], pitch[i], speed[i]))
        if len(x) > window:  # rare: keep the start, where the digit is recognisable
            x, cropped = x[:window], cropped + 1
        x = x * gain[i] / np.abs(x).max()
        start = int(rng.integers(window - len(x) + 1))
        offset[i] = start / SAMPLE_RATE
        clean[i, start : start + len(x)] = x
        speech_power[i] = np.square(clean[i]).mean()  # the clip's SNR: over the whole window
        noise = rng.standard_normal(window) * np.sqrt(speech_power[i] * 10 ** (-SNR_DB / 10))
        noisy[i] = clean[i] + noise
    spectra = log_mel(torch.from_numpy(noisy)).numpy().astype(np.float16)

    # Pair every image with a distinct utterance of its digit from its own split.
    digits = load_digits_split()
    pairs = {}
    for name, labels, test in (
        ("pair_train", digits.y_train.numpy(), False),
        ("pair_test", digits.y_test.numpy(), True),
    ):
        pair = np.empty(len(labels), dtype=np.int16)
        for d in range(len(WORDS)):
            rows = np.flatnonzero(labels == d)
            pool = np.flatnonzero((digit == d) & (is_test == test))
            pair[rows] = rng.choice(pool, len(rows), replace=False)
        pairs[name] = pair

    # A few paired test utterances as playable waveforms, each clip by a voice not used before.
    used = np.zeros(n, dtype=bool)
    used[pairs["pair_test"]] = True
    clips: list[int] = []
    for d in range(len(WORDS)):
        for u in np.flatnonzero((digit == d) & used):
            if sum(digit[c] == d for c in clips) < CLIPS_PER_DIGIT and voice[u] not in voice[clips]:
                clips.append(int(u))
    clip_idx = np.array(clips)

    # One scale per clip keeps the noisy waveform within int16 without clipping; the clean one
    # shares it so the two play at the same loudness. log_mel(noisy * scale) is the stored one.
    clip_scale = np.maximum(np.abs(noisy[clip_idx]).max(1) / 0.99, 1.0)

    def pcm(x: np.ndarray) -> np.ndarray:
        return np.round(x / clip_scale[:, None] * 32767).astype(np.int16)

    info = {
        "generator": "python -m models.av_digits_generate",
        "espeak_ng": subprocess.run(
            ["espeak-ng", "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "seed": seed,
        "words": list(WORDS),
        "accents": list(ACCENTS),
        "variants": list(VARIANTS),
        "pitch_range": list(PITCH),
        "speed_range_wpm": list(SPEED),
        "gain_range": list(GAIN),
        "sample_rate": SAMPLE_RATE,
        "window_seconds": WINDOW_SECONDS,
        "snr_db": SNR_DB,
        "utterances": n,
        "test_utterances": int(is_test.sum()),
        "cropped_to_window": cropped,
        "log_mel": "10*log10(mel power + 1e-6), 32 HTK-mel bands 20–4000 Hz × 32 frames, "
        "STFT 256 points (Hann) hop 200 at 8 kHz",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        log_mel=spectra,
        digit=digit.astype(np.int8),
        is_test=is_test,
        voice=voice.astype(np.int16),
        voice_names=np.array(voices),
        pitch=pitch.astype(np.int16),
        speed=speed.astype(np.int16),
        gain=gain.astype(np.float32),
        offset=offset.astype(np.float32),
        speech_power=speech_power.astype(np.float32),
        clip_utterance=clip_idx.astype(np.int16),
        clip_clean=pcm(clean[clip_idx]),
        clip_noisy=pcm(noisy[clip_idx]),
        clip_scale=clip_scale.astype(np.float32),
        info=np.array(json.dumps(info)),
        **pairs,
    )
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    info = generate(seed=args.seed)
    size = DATA_FILE.stat().st_size / 1e6
    print(
        f"{info['utterances']} utterances ({info['test_utterances']} test), "
        f"{info['cropped_to_window']} cropped → {DATA_FILE} ({size:.2f} MB) "
        f"in {time.perf_counter() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
