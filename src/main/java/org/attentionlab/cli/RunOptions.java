package org.attentionlab.cli;

import com.google.gson.JsonObject;
import org.attentionlab.decode.LengthCap;

/**
 * The options of {@code train} that are neither the model, the training schedule nor the data: how
 * it validates, when it stops, what it keeps and how it scores the test split at the end. They are
 * recorded in {@code task.json} with the rest, so that {@code --resume} carries on with the same
 * ones (before, a resumed run validated on 1,000 examples and scored the whole test split whatever
 * the first session had been told); given again with {@code --resume}, an option replaces the
 * recorded value and is recorded in its place.
 *
 * @param validLimit validation examples for the teacher-forced evaluations (0 = all)
 * @param maxMinutes wall-time budget of each invocation (0 = none)
 * @param testLimit  test examples scored at the end (0 = all)
 * @param cap        the END strategy's cap for the final test scores (greedy)
 * @param keepBest   write the checkpoint of the lowest validation loss too ({@link BestCheckpoint})
 * @param averageLast keep this many model snapshots and average them at the end ({@link Snapshots}; 0: none)
 * @param bleuEvery  greedy validation BLEU every so many steps ({@link BleuProbe}; 0: never)
 * @param bleuLimit  validation examples the BLEU probe decodes (0: all)
 */
record RunOptions(int validLimit, double maxMinutes, int testLimit, LengthCap cap, boolean keepBest,
                  int averageLast, int bleuEvery, int bleuLimit) {
    /** What a run gets when it is told nothing. */
    static final RunOptions DEFAULTS = new RunOptions(1000, 0, 0,
            new LengthCap(Decoding.DEFAULT_CAP_A, Decoding.DEFAULT_CAP_B), false, 0, 0, 500);

    /** The options given on the command line, each falling back to {@code recorded}'s. */
    static RunOptions read(Options options, RunOptions recorded) {
        double minutes = options.decimal("max-minutes", recorded.maxMinutes());
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new UsageException("option --max-minutes must be 0 (no limit) or a number of minutes, got " + minutes);
        }
        double a = options.decimal("cap-a", recorded.cap().a());
        int b = options.integer("cap-b", recorded.cap().b());
        if (!(a >= 0) || Double.isInfinite(a) || b < 0) {
            throw new UsageException("options --cap-a and --cap-b must be 0 or more, got " + a + " and " + b);
        }
        return new RunOptions(limit(options, "valid-limit", recorded.validLimit()), minutes,
                limit(options, "test-limit", recorded.testLimit()), new LengthCap(a, b),
                options.flag("keep-best") || recorded.keepBest(), count(options, "average-last", recorded.averageLast()),
                count(options, "bleu-every", recorded.bleuEvery()), limit(options, "bleu-limit", recorded.bleuLimit()));
    }

    /** Greedy decoding with END and this cap: how the final test scores decode. */
    Decoding.Settings decoding() {
        Decoding.Settings g = Decoding.Settings.greedy();
        return new Decoding.Settings(g.beam(), g.alpha(), g.length(), cap);
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("valid_limit", validLimit);
        o.addProperty("max_minutes", maxMinutes);
        o.addProperty("test_limit", testLimit);
        o.addProperty("cap_a", cap.a());
        o.addProperty("cap_b", cap.b());
        o.addProperty("keep_best", keepBest);
        o.addProperty("average_last", averageLast);
        o.addProperty("bleu_every", bleuEvery);
        o.addProperty("bleu_limit", bleuLimit);
        return o;
    }

    /**
     * The recorded options; a task.json written before they were recorded has none, and gets the
     * defaults, and one written before the snapshot and BLEU options existed gets their defaults.
     */
    static RunOptions fromJson(JsonObject o) {
        if (o == null) {
            return DEFAULTS;
        }
        return new RunOptions(o.get("valid_limit").getAsInt(), o.get("max_minutes").getAsDouble(),
                o.get("test_limit").getAsInt(), new LengthCap(o.get("cap_a").getAsDouble(), o.get("cap_b").getAsInt()),
                o.get("keep_best").getAsBoolean(), recorded(o, "average_last", DEFAULTS.averageLast()),
                recorded(o, "bleu_every", DEFAULTS.bleuEvery()), recorded(o, "bleu_limit", DEFAULTS.bleuLimit()));
    }

    private static int recorded(JsonObject o, String key, int fallback) {
        return o.has(key) ? o.get(key).getAsInt() : fallback;
    }

    /** A count where 0 means none (--average-last, --bleu-every). */
    private static int count(Options options, String name, int fallback) {
        int n = options.integer(name, fallback);
        if (n < 0) {
            throw new UsageException("option --" + name + " must be 0 (none) or more, got " + n);
        }
        return n;
    }

    private static int limit(Options options, String name, int fallback) {
        int n = options.integer(name, fallback);
        if (n < 0) {
            throw new UsageException("option --" + name + " must be 0 (all) or more, got " + n);
        }
        return n;
    }
}
