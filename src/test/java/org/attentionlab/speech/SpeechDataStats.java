package org.attentionlab.speech;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints what a speech data set costs and holds: generation time, audio lengths, encoder positions
 * after stacking, transcript lengths, feature memory. Not a test; run by hand (docs/data.md):
 * <pre>
 *   mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile
 *   /usr/bin/time -v java -cp 'target/classes:target/test-classes:target/lib/*' \
 *       org.attentionlab.speech.SpeechDataStats numbers:999 0 4 /tmp/speech-cache 2
 * </pre>
 * Arguments: word source, word count (0 all), voices a word, cache folder, threads. The JVM's CPU
 * time excludes espeak-ng's processes; {@code /usr/bin/time} counts them (its "User time" and
 * "System time" include waited-for children).
 */
public final class SpeechDataStats {
    private SpeechDataStats() {
    }

    public static void main(String[] args) {
        SpeechConfig config = SpeechConfig.defaults().withWords(WordSource.parse(args[0]))
                .withWordCount(Integer.parseInt(args[1])).withVoicesPerWord(Integer.parseInt(args[2]));
        Path cache = Path.of(args[3]);
        int threads = Integer.parseInt(args[4]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long wall0 = System.nanoTime();
        EspeakNg espeak = EspeakNg.locate(cache);
        UtterancePlan plan = UtterancePlan.of(config, config.words().words(cache));
        Synthesizer synth = new Synthesizer(espeak, cache);
        int[] last = {-1};
        int rendered = synth.ensure(plan.all(), threads, (done, total) -> {
            if (done * 10 / total != last[0]) {
                last[0] = done * 10 / total;
                System.err.printf("  %d / %d%n", done, total);
            }
        });
        double synthWall = (System.nanoTime() - wall0) / 1e9;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall1 = System.nanoTime();
        SpeechDataset data = SpeechDataset.load(config, SpeechFeatures.defaults(), cache, threads, Synthesizer.Progress.NONE);
        double featureWall = (System.nanoTime() - wall1) / 1e9;
        double featureCpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s; words %s, %d utterances planned, %d rendered now in %.1f s wall on %d threads"
                        + " (%.1f ms wall an utterance)%n", espeak, config.words().spec(), plan.all().size(), rendered,
                synthWall, threads, rendered == 0 ? 0 : 1000 * synthWall / rendered);
        System.out.printf(Locale.ROOT, "loading (read WAVs, log-mel, normalise, stack): %.1f s wall, %.1f s CPU of the "
                + "loading thread%n", featureWall, featureCpu);
        long floats = 0;
        for (String split : UtterancePlan.SPLITS) {
            List<SpeechExample> ex = data.part(split);
            double[] seconds = new double[ex.size()];
            int[] positions = new int[ex.size()];
            int[] chars = new int[ex.size()];
            for (int i = 0; i < ex.size(); i++) {
                SpeechExample e = ex.get(i);
                positions[i] = e.positions();
                chars[i] = e.target().length;
                seconds[i] = (synth.file(e.utterance()).toFile().length() - 44) / 2.0 / Synthesizer.SAMPLE_RATE;
                floats += (long) e.positions() * e.features()[0].length;
            }
            System.out.printf(Locale.ROOT, "%-8s %5d utterances, %4d words | audio %s s | positions %s | characters %s%n",
                    split, ex.size(), ex.stream().map(SpeechExample::text).distinct().count(), summary(seconds),
                    summary(Arrays.stream(positions).asDoubleStream().toArray()),
                    summary(Arrays.stream(chars).asDoubleStream().toArray()));
        }
        System.out.printf(Locale.ROOT, "features in memory: %.1f MB (%d floats, dim %d)%n", floats * 4 / 1e6, floats,
                data.featureDim());
    }

    private static String summary(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        return String.format(Locale.ROOT, "mean %.1f, median %.1f, p95 %.1f, max %.1f", mean, s[s.length / 2],
                s[(int) Math.min(s.length - 1, Math.round(0.95 * (s.length - 1)))], s[s.length - 1]);
    }
}
