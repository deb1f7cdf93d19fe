package org.attentionlab.train;

/** The learning rate as a function of the optimiser step; steps are counted from 1. */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The rate for step {@code step} (at least 1). */
    double rate(long step);
}
