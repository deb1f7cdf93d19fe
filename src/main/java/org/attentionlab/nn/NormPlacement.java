package org.attentionlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where the normalisation sits in a residual block. */
public enum NormPlacement {
    /** The paper's order, x = norm(x + sublayer(x)). */
    POST("post"),
    /** Norm first, x = x + sublayer(norm(x)); trains without warm-up. */
    PRE("pre");

    private final String configName;

    NormPlacement(String configName) {
        this.configName = configName;
    }

    /** The name used in configurations and checkpoint metadata. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name; the error lists the accepted names. */
    public static NormPlacement parse(String option, String value) {
        for (NormPlacement v : values()) {
            if (v.configName.equalsIgnoreCase(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " must be one of "
                + Arrays.stream(values()).map(v -> v.configName).collect(Collectors.joining(", "))
                + ", got '" + value + "'");
    }
}
