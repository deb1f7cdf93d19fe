package org.attentionlab.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns a planned {@link Utterance} into 16 kHz audio, and keeps it in the cache.
 *
 * <p>{@link #render} does, in order: espeak-ng speaks the text (22,050 Hz); the silence espeak-ng
 * leaves around a word is trimmed to {@value #MARGIN_SECONDS} s a side (silence: below
 * {@value #TRIM_DB} dB of the peak); the audio is resampled to 16 kHz ({@link Resampler}); white
 * Gaussian noise is added at the utterance's SNR relative to the speech's RMS (Box-Muller on a
 * {@link SplittableRandom} seeded with the utterance's noise seed, with {@link StrictMath}); samples
 * are rounded to 16 bits as the file stores them. Every step is deterministic, so the same
 * utterance and espeak-ng build give the same samples bit for bit.
 *
 * <p>Files live in {@code CACHE/speech/ESPEAK_KEY/PROCESSING/VOICE/FILE.wav}: the espeak-ng build's
 * {@link EspeakNg#cacheKey()} (another build makes other audio), {@link #PROCESSING} (raised whenever
 * this class changes what it makes), the voice and {@link Utterance#fileName()}. Each file is written
 * atomically, so an interrupted run leaves no partial file and the next run renders only what is
 * missing. Audio is shared between plans: a quick plan's utterances that a full plan also has are
 * rendered once.
 */
public final class Synthesizer {
    /** The sample rate of rendered audio and of the features. */
    public static final int SAMPLE_RATE = 16_000;
    /** Version of the rendering steps, part of the cache path. */
    public static final String PROCESSING = "p1";
    /** Level, relative to the peak, below which the ends of espeak-ng's output count as silence. */
    public static final double TRIM_DB = -40;
    /** Silence kept before the first and after the last sound. */
    public static final double MARGIN_SECONDS = 0.05;

    /** Called after each rendered or found utterance. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }

    private final EspeakNg engine;
    private final Path folder;

    public Synthesizer(EspeakNg engine, Path cacheDir) {
        this.engine = engine;
        this.folder = cacheDir.resolve("speech").resolve(engine.cacheKey()).resolve(PROCESSING);
    }

    public EspeakNg engine() {
        return engine;
    }

    /** Where this build's audio is cached. */
    public Path folder() {
        return folder;
    }

    /** The cache file of an utterance (it may not exist yet). */
    public Path file(Utterance u) {
        return folder.resolve(u.voice()).resolve(u.fileName());
    }

    /** The utterance's audio, computed now (no cache). */
    public Waveform render(Utterance u) {
        Waveform spoken = engine.speak(u.text(), u.voice(), u.rate(), u.pitch());
        Waveform trimmed = trim(spoken, TRIM_DB, MARGIN_SECONDS);
        Waveform resampled = Resampler.resample(trimmed, SAMPLE_RATE);
        return WavFile.quantize(addNoise(resampled, u.snrDb(), u.noiseSeed()));
    }

    /** The utterance's audio from the cache, rendered and cached first when missing. */
    public Waveform load(Utterance u) throws IOException {
        Path f = file(u);
        if (!Files.isRegularFile(f)) {
            WavFile.write(f, render(u));
        }
        return WavFile.read(f);
    }

    /**
     * Renders every utterance not yet cached, on {@code threads} threads (each runs its own
     * espeak-ng processes), and returns how many it rendered.
     */
    public int ensure(List<Utterance> utterances, int threads, Progress progress) {
        List<Utterance> missing = new ArrayList<>();
        for (Utterance u : utterances) {
            if (!Files.isRegularFile(file(u))) {
                missing.add(u);
            }
        }
        int total = utterances.size();
        int done = total - missing.size();
        progress.update(done, total);
        if (missing.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, missing.size())), r -> {
            Thread t = new Thread(r, "speech-synthesis");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Utterance u : missing) {
                futures.add(pool.submit(() -> {
                    try {
                        WavFile.write(file(u), render(u));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + file(u) + ": " + e.getMessage(), e);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause().toString(), e.getCause());
                }
                progress.update(++done, total);
            }
            return missing.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing speech", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The part of {@code wave} from {@code margin} seconds before its first sample above
     * {@code thresholdDb} relative to its peak to {@code margin} seconds after its last one
     * (clipped to the waveform). All-silent audio is returned as it is.
     */
    public static Waveform trim(Waveform wave, double thresholdDb, double marginSeconds) {
        float[] x = wave.samples();
        double threshold = wave.peak() * StrictMath.pow(10, thresholdDb / 20);
        int first = 0;
        while (first < x.length && Math.abs(x[first]) <= threshold) {
            first++;
        }
        if (first == x.length || threshold == 0) {
            return wave;
        }
        int last = x.length - 1;
        while (Math.abs(x[last]) <= threshold) {
            last--;
        }
        int margin = (int) Math.round(marginSeconds * wave.sampleRate());
        int from = Math.max(0, first - margin);
        int to = Math.min(x.length, last + 1 + margin);
        return new Waveform(wave.sampleRate(), java.util.Arrays.copyOfRange(x, from, to));
    }

    /**
     * {@code wave} plus white Gaussian noise whose RMS is the wave's RMS divided by
     * {@code 10^(snrDb / 20)}; the noise is the same for the same seed on every JVM.
     */
    public static Waveform addNoise(Waveform wave, double snrDb, long seed) {
        float[] x = wave.samples();
        double sigma = wave.rms() / StrictMath.pow(10, snrDb / 20);
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += 2) {
            // Box-Muller: two independent standard normals from two uniforms; 1 - u keeps the log finite.
            double r = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * StrictMath.PI * random.nextDouble();
            y[i] = (float) (x[i] + sigma * r * StrictMath.cos(angle));
            if (i + 1 < x.length) {
                y[i + 1] = (float) (x[i + 1] + sigma * r * StrictMath.sin(angle));
            }
        }
        return new Waveform(wave.sampleRate(), y);
    }
}
