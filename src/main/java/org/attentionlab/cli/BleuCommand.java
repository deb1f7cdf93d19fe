package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
        Path ref = readable(options, "ref");
        Path hyp = readable(options, "hyp");
        options.finish(false);
        List<String> references = lines(ref);
        List<String> hypotheses = lines(hyp);
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("the files must have one line each per sentence: " + ref + " has "
                    + references.size() + " lines, " + hyp + " has " + hypotheses.size());
        }
        out.println(String.format(Locale.ROOT, "%.2f", Bleu.bleu(references, hypotheses)));
        return 0;
    }

    /**
     * The file an option names, refused when it does not exist or is a directory. Anything else that
     * reads is accepted: a regular file, {@code /dev/null}, a pipe such as bash's {@code <(command)}.
     */
    private static Path readable(Options options, String name) {
        Path p = Path.of(options.required(name));
        if (Files.isDirectory(p)) {
            throw new UsageException("option --" + name + ": " + p + " is a directory, not a file of sentences");
        }
        if (!Files.exists(p)) {
            throw new UsageException("option --" + name + ": no such file: " + p);
        }
        return p;
    }

    /**
     * The lines of a UTF-8 text file; an empty file, or bytes that are not UTF-8 (a binary file, or
     * text in another encoding), are refused naming the file and where the first bad byte is.
     */
    static List<String> lines(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(file + " is empty: it needs one sentence a line");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer text = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, text, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is not UTF-8 text: byte 0x%02X on line %d "
                    + "(offset %d) is not UTF-8; is it a binary file, or text in another encoding?", file,
                    bytes[at] & 0xFF, line, at));
        }
        return text.flip().toString().lines().toList();
    }
}
