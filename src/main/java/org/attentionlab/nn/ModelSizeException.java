package org.attentionlab.nn;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A model configuration over one of {@link ModelLimits}' limits. Its message names configuration
 * keys ({@code d_model}); {@link #message(UnaryOperator)} names them as the caller's user knows
 * them, so that the command line can say {@code --d-model} instead.
 */
public final class ModelSizeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Function<UnaryOperator<String>, String> text;

    ModelSizeException(Function<UnaryOperator<String>, String> text) {
        super(text.apply(UnaryOperator.identity()));
        this.text = text;
    }

    /**
     * The message with each configuration key replaced by {@code naming.apply(key)}; where the
     * message lists the model's sizes, a key named null is left out of the list.
     */
    public String message(UnaryOperator<String> naming) {
        return text == null ? getMessage() : text.apply(naming);
    }
}
