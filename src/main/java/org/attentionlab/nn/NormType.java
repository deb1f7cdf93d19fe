package org.attentionlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which normalisation a model uses. */
public enum NormType {
    /** LayerNorm over the features of each position. */
    LAYER("layer"),
    /** BatchNorm over the batch and time axes of each feature. */
    BATCH("batch");

    private final String configName;

    NormType(String configName) {
        this.configName = configName;
    }

    /** The name used in configurations and checkpoint metadata. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name; the error lists the accepted names. */
    public static NormType parse(String option, String value) {
        for (NormType v : values()) {
            if (v.configName.equalsIgnoreCase(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " must be one of "
                + Arrays.stream(values()).map(v -> v.configName).collect(Collectors.joining(", "))
                + ", got '" + value + "'");
    }
}
