package org.attentionlab.data;

/**
 * A data set could not be fetched, unpacked or verified. The message names the package, the step
 * that failed and what to install or do; it is meant to be shown to a user as it is.
 */
public final class DataUnavailableException extends IllegalStateException {
    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
