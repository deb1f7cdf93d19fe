package org.attentionlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a model knows where each token is. */
public enum PositionEncoding {
    /** The paper's fixed sines and cosines, added to the embeddings. */
    SINUSOIDAL("sinusoidal"),
    /** A trained [max_len, d_model] table, added to the embeddings. */
    LEARNED("learned"),
    /** Shaw et al. 2018, clipped relative-distance embeddings added to the keys inside attention. */
    RELATIVE("relative"),
    /** Rotary embeddings (Su et al. 2021), queries and keys rotated by position-dependent angles. */
    ROPE("rope"),
    /** ALiBi (Press et al. 2022), a per-head linear penalty on distance added to the attention scores. */
    ALIBI("alibi"),
    /** No position information at all. */
    NONE("none");

    private final String configName;

    PositionEncoding(String configName) {
        this.configName = configName;
    }

    /** The name used in configurations and checkpoint metadata. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name; the error lists the accepted names. */
    public static PositionEncoding parse(String option, String value) {
        for (PositionEncoding v : values()) {
            if (v.configName.equalsIgnoreCase(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " must be one of "
                + Arrays.stream(values()).map(v -> v.configName).collect(Collectors.joining(", "))
                + ", got '" + value + "'");
    }
}
