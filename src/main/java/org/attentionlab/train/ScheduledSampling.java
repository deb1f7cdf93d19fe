package org.attentionlab.train;

/**
 * Scheduled sampling (Bengio et al., 2015): during training, each decoder input is the gold token
 * with probability epsilon(step), and the model's own previous prediction otherwise. Epsilon starts
 * at 1 (teacher forcing) and decays, so that the model gradually learns to continue from its own
 * mistakes, as it must at inference.
 *
 * <p>The three decays of the paper, with i the training step:
 * <ul>
 *   <li>linear: epsilon = max(minimum, 1 - c * i)</li>
 *   <li>exponential: epsilon = max(minimum, k^i), k &lt; 1</li>
 *   <li>inverse sigmoid: epsilon = max(minimum, k / (k + exp(i / k))), k &gt;= 1</li>
 * </ul>
 * For a Transformer, whose decoder sees all positions at once, predictions come from a first,
 * gradient-free teacher-forced pass (Mihaylova and Martins, 2019); the mixed inputs feed the
 * second pass that is trained.
 */
public record ScheduledSampling(Decay decay, double rate, double minimum) {
    /** How the probability of feeding the gold token decays. */
    public enum Decay {
        /** Always the gold token: plain teacher forcing. */
        NONE,
        LINEAR,
        EXPONENTIAL,
        INVERSE_SIGMOID
    }

    public ScheduledSampling {
        if (decay == null) {
            throw new IllegalArgumentException("scheduled sampling decay must be set");
        }
        if (!(minimum >= 0 && minimum <= 1)) {
            throw new IllegalArgumentException("scheduled sampling minimum must be in [0, 1], got " + minimum);
        }
        switch (decay) {
            case LINEAR -> {
                if (!(rate > 0)) {
                    throw new IllegalArgumentException("linear decay needs a slope c > 0, got " + rate);
                }
            }
            case EXPONENTIAL -> {
                if (!(rate > 0 && rate < 1)) {
                    throw new IllegalArgumentException("exponential decay needs 0 < k < 1, got " + rate);
                }
            }
            case INVERSE_SIGMOID -> {
                if (!(rate >= 1)) {
                    throw new IllegalArgumentException("inverse sigmoid decay needs k >= 1, got " + rate);
                }
            }
            default -> {
            }
        }
    }

    /** Plain teacher forcing. */
    public static ScheduledSampling none() {
        return new ScheduledSampling(Decay.NONE, 0, 0);
    }

    public static ScheduledSampling linear(double slope, double minimum) {
        return new ScheduledSampling(Decay.LINEAR, slope, minimum);
    }

    public static ScheduledSampling exponential(double k, double minimum) {
        return new ScheduledSampling(Decay.EXPONENTIAL, k, minimum);
    }

    public static ScheduledSampling inverseSigmoid(double k, double minimum) {
        return new ScheduledSampling(Decay.INVERSE_SIGMOID, k, minimum);
    }

    /** Parses {@code none}, {@code linear:C}, {@code exponential:K}, {@code inverse-sigmoid:K}, with an optional {@code :MIN}. */
    public static ScheduledSampling parse(String spec) {
        String[] p = spec.trim().toLowerCase(java.util.Locale.ROOT).split(":");
        try {
            double min = p.length > 2 ? Double.parseDouble(p[2]) : 0;
            return switch (p[0]) {
                case "none", "teacher-forcing" -> none();
                case "linear" -> linear(Double.parseDouble(p[1]), min);
                case "exponential", "exp" -> exponential(Double.parseDouble(p[1]), min);
                case "inverse-sigmoid", "sigmoid" -> inverseSigmoid(Double.parseDouble(p[1]), min);
                default -> throw new IllegalArgumentException("scheduled sampling must be none, linear:C, "
                        + "exponential:K or inverse-sigmoid:K, got '" + spec + "'");
            };
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("scheduled sampling must be none, linear:C, exponential:K or "
                    + "inverse-sigmoid:K (optionally :MIN), got '" + spec + "'");
        }
    }

    /** Probability of feeding the gold token at training step {@code step} (counted from 0). */
    public double goldProbability(long step) {
        double e = switch (decay) {
            case NONE -> 1;
            case LINEAR -> 1 - rate * step;
            case EXPONENTIAL -> Math.pow(rate, step);
            case INVERSE_SIGMOID -> rate / (rate + Math.exp(step / rate));
        };
        return decay == Decay.NONE ? 1 : Math.max(minimum, Math.min(1, e));
    }

    public boolean isTeacherForcing() {
        return decay == Decay.NONE;
    }
}
