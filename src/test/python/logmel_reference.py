#!/usr/bin/python3
"""Reference log-mel features for the org.attentionlab.speech tests, computed with NumPy only.

Run with Debian's python: /usr/bin/python3 src/test/python/logmel_reference.py
Writes into src/test/resources/speech/:
  chirp.wav                 0.5 s at 16 kHz, 16-bit PCM mono: a linear chirp from 50 Hz to 7.8 kHz
                            plus a 440 Hz tone, faded in and out (so it crosses every mel filter)
  chirp_logmel40.npy        float32 [frames, 40]: pre-emphasis 0.97, the Java defaults
  chirp_logmel80_plain.npy  float32 [frames, 80]: no pre-emphasis, 80 filters from 20 Hz
Both arrays are computed from the 16-bit samples as written (s / 32768), which is what Java reads.

The steps, written independently of the Java code (vectorised, not loop by loop):
pre-emphasis y[n] = x[n] - a x[n-1]; frames of 400 samples every 160 (no padding, the last partial
one dropped); periodic Hann window 0.5 (1 - cos(2 pi n / N)); |rfft(frame, 512)|^2; HTK mel filters
(mel = 2595 log10(1 + f / 700), unnormalised triangles between equally spaced mel points, as
librosa.filters.mel(htk=True, norm=None)); natural log of max(energy, 1e-10).
"""
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "speech")
RATE = 16000


def chirp():
    t = np.arange(int(0.5 * RATE)) / RATE
    f0, f1, dur = 50.0, 7800.0, 0.5
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * dur))
    x = 0.5 * np.sin(phase) + 0.2 * np.sin(2 * np.pi * 440 * t)
    fade = np.minimum(1.0, np.minimum(t, dur - t) / 0.02)
    return np.round(x * fade * 32768).clip(-32768, 32767).astype("<i2")


def write_wav(path, pcm):
    data = pcm.tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, RATE, 2 * RATE, 2, 16)
    header += b"data" + struct.pack("<I", len(data))
    with open(path, "wb") as f:
        f.write(header + data)


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filters(n_mels, n_fft, rate, fmin, fmax):
    points = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    freqs = np.arange(n_fft // 2 + 1) * rate / n_fft
    lower, centre, upper = points[:-2, None], points[1:-1, None], points[2:, None]
    rising = (freqs[None, :] - lower) / (centre - lower)
    falling = (upper - freqs[None, :]) / (upper - centre)
    return np.maximum(0.0, np.minimum(rising, falling))


def log_mel(x, n_mels, pre_emphasis, fmin=0.0, fmax=8000.0, win=400, hop=160, n_fft=512, floor=1e-10):
    y = np.concatenate([x[:1], x[1:] - pre_emphasis * x[:-1]])
    n_frames = 1 + (len(y) - win) // hop
    index = np.arange(win)[None, :] + hop * np.arange(n_frames)[:, None]
    window = 0.5 * (1.0 - np.cos(2.0 * np.pi * np.arange(win) / win))
    power = np.abs(np.fft.rfft(y[index] * window, n=n_fft, axis=1)) ** 2
    energies = power @ mel_filters(n_mels, n_fft, RATE, fmin, fmax).T
    return np.log(np.maximum(energies, floor))


def main():
    os.makedirs(OUT, exist_ok=True)
    pcm = chirp()
    write_wav(os.path.join(OUT, "chirp.wav"), pcm)
    x = pcm.astype(np.float64) / 32768.0
    a = log_mel(x, 40, 0.97)
    b = log_mel(x, 80, 0.0, fmin=20.0)
    np.save(os.path.join(OUT, "chirp_logmel40.npy"), a.astype(np.float32))
    np.save(os.path.join(OUT, "chirp_logmel80_plain.npy"), b.astype(np.float32))
    print("chirp.wav", len(pcm), "samples; logmel40", a.shape, "range", a.min(), a.max(),
          "; logmel80", b.shape, "range", b.min(), b.max())


if __name__ == "__main__":
    main()
