package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attentionlab.metrics.Bleu;

/**
 * {@code bleu}: corpus BLEU (0-100) of a hypothesis file against a reference file, one sentence a
 * line, on whitespace tokens; equal to NLTK's {@code corpus_bleu} with default arguments.
 */
final class BleuCommand implements Command {
    @Override
    public String name() {
        return "bleu";
    }

    @Override
    public String summary() {
        return "corpus BLEU (0-100) of two files of one sentence a line";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab bleu --ref FILE --hyp FILE",
                "  --ref FILE  reference sentences, one a line (UTF-8, whitespace tokens)",
                "  --hyp FILE  hypotheses, paired with the references by line",
                "Prints BLEU on a 0-100 scale: 4-grams, uniform weights, brevity penalty, no smoothing.");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        Path ref = options.existingFile("ref");
        Path hyp = options.existingFile("hyp");
        options.finish(false);
        List<String> references = Files.readAllLines(ref, StandardCharsets.UTF_8);
        List<String> hypotheses = Files.readAllLines(hyp, StandardCharsets.UTF_8);
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("the files must have one line each per sentence: " + ref + " has "
                    + references.size() + " lines, " + hyp + " has " + hypotheses.size());
        }
        if (references.isEmpty()) {
            throw new IllegalArgumentException(ref + " and " + hyp + " are empty");
        }
        out.println(String.format(Locale.ROOT, "%.2f", Bleu.bleu(references, hypotheses)));
        return 0;
    }
}
