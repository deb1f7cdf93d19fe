package org.attentionlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The non-linearity of the position-wise feed-forward network. */
public enum Activation {
    /** max(0, x), the paper's choice. */
    RELU("relu"),
    /** The exact (erf) GELU, as torch.nn.functional.gelu. */
    GELU("gelu");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The name used in configurations and checkpoint metadata. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name; the error lists the accepted names. */
    public static Activation parse(String option, String value) {
        for (Activation v : values()) {
            if (v.configName.equalsIgnoreCase(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " must be one of "
                + Arrays.stream(values()).map(v -> v.configName).collect(Collectors.joining(", "))
                + ", got '" + value + "'");
    }
}
