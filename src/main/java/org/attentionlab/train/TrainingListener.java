package org.attentionlab.train;

/**
 * Receives the trainer's progress: a notebook draws a live loss curve from it, a terminal a
 * progress bar. Both methods default to doing nothing.
 */
public interface TrainingListener {
    default void onStep(StepEvent event) {
    }

    default void onEvaluation(EvaluationEvent event) {
    }

    /**
     * One optimiser step.
     *
     * @param step           steps done so far (1 after the first)
     * @param totalSteps     steps the run will take
     * @param loss           mean training loss over the step's target tokens
     * @param learningRate   rate used for this step
     * @param gradNorm       global gradient norm before clipping
     * @param tokens         non-padding target tokens in the step
     * @param tokensPerSecond target tokens over the step's wall time
     * @param goldProbability probability of feeding gold tokens (1 under teacher forcing)
     * @param elapsedSeconds wall time since training started
     * @param lengthLoss     mean cross-entropy of the length head over the step's sentences (before
     *                       weighting), or NaN for a model without a length head
     */
    record StepEvent(long step, long totalSteps, double loss, double learningRate, double gradNorm, long tokens,
            double tokensPerSecond, double goldProbability, double elapsedSeconds, double lengthLoss) {

        /** An event of a model without a length head. */
        public StepEvent(long step, long totalSteps, double loss, double learningRate, double gradNorm, long tokens,
                double tokensPerSecond, double goldProbability, double elapsedSeconds) {
            this(step, totalSteps, loss, learningRate, gradNorm, tokens, tokensPerSecond, goldProbability,
                    elapsedSeconds, Double.NaN);
        }
    }

    /** A teacher-forced evaluation on held-out data. */
    record EvaluationEvent(long step, Evaluation evaluation) {
    }
}
