/**
 * What a lesson notebook calls so that its cells show the idea and not the plumbing: training with a
 * live loss chart ({@link org.attentionlab.lesson.LiveTraining}), scoring a model on a split
 * ({@link org.attentionlab.lesson.Scores}), repeating an experiment over seeds and comparing the
 * results with their spread ({@link org.attentionlab.lesson.Seeds}, {@link org.attentionlab.lesson.Spread},
 * {@link org.attentionlab.lesson.Difference}), tables with formatted columns
 * ({@link org.attentionlab.lesson.ResultTable}, {@link org.attentionlab.lesson.Unit}) and the lesson's
 * headline figures ({@link org.attentionlab.lesson.Figures}), which the published reports and the
 * READMEs quote.
 */
package org.attentionlab.lesson;
