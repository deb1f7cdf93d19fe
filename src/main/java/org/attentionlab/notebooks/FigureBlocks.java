package org.attentionlab.notebooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlab.io.AtomicFiles;

/**
 * Regenerates the figures quoted in Markdown files (the READMEs) from the figures the lessons
 * recorded, {@code docs/reports/NAME.json}, so that no number in prose is typed by hand and none goes
 * stale when a lesson is rerun.
 *
 * <p>A block keeps its template in an HTML comment, which GitHub does not show, and the generated
 * text after it, up to the end marker:
 *
 * <pre>
 * &lt;!-- figures 01-attention: Reverse: {reverse_sequence_accuracy:%} right. --&gt;
 * Reverse: 99.1 % right.
 * &lt;!-- /figures --&gt;
 * </pre>
 *
 * <p>{@code <!-- figures? NAME: ...}, with a question mark, is an optional block: while
 * {@code NAME.json} does not exist its generated text is empty (a figure the first run of some
 * command will publish, such as the whole course's time); once the file exists it is filled like
 * any other block.
 *
 * <p>{@code 01-attention} names the JSON file ({@code 01-attention.json}); the template may span several
 * lines (its line breaks are kept) and ends at {@code -->}. When the comment's {@code -->} ends its
 * line, the generated text is its own paragraph on the following lines; otherwise the block is
 * inline, {@code <!-- figures 01-attention: {x:%} -->99.1 %<!-- /figures -->}, for a table cell or
 * the middle of a sentence. Markers inside fenced code or a one-line {@code `code span`} are left alone
 * (so documentation can show one).
 *
 * <p>Placeholders (<code>&#123;&#123;</code> and <code>&#125;&#125;</code> are literal braces):
 * <ul>
 * <li>{@code {name}}: 3 significant digits, trailing zeros dropped ({@code 0.991}, {@code 212}, {@code 0.12});
 * <li>{@code {name:Ng}}: N significant digits (N 1-9);
 * <li>{@code {name:Nf}}: N fixed decimals (N 0-9);
 * <li>{@code {name:%}}: a fraction as a percentage with one decimal, {@code 99.1 %}; {@code {name:N%}}: N decimals;
 * <li>{@code {name:int}}: rounded to an integer with thousands separators, {@code 1,260};
 * <li>any of these followed by {@code ±} ({@code {name:%±}}, {@code {name:3g±}}, {@code {name:±}}):
 * mean ± sample standard deviation of the list {@code name_seeds}, both in that format, and the
 * number of seeds: {@code 97.2 % ± 0.4 (3 seeds)}.
 * </ul>
 * Rounding is half up, in decimal. A missing JSON file, a missing figure or a malformed block is an
 * {@link IllegalArgumentException} naming the Markdown file and line, the block and the figure.
 */
public final class FigureBlocks {
    /** Where {@code attention-lab reports --publish} writes the figures, relative to the repository root. */
    public static final Path PUBLISHED_REPORTS = Path.of("docs", "reports");
    /** The Markdown files whose blocks publishing regenerates, relative to the repository root. */
    public static final List<Path> MARKDOWN = List.of(Path.of("README.md"), Path.of("notebooks", "README.md"),
            Path.of("docs", "results.md"));
    /** The end of every block. */
    public static final String END = "<!-- /figures -->";

    private static final Pattern OPEN = Pattern.compile("<!-- figures(\\?)? ([A-Za-z0-9._-]+):");
    private static final Pattern FENCE = Pattern.compile("(?m)^ {0,3}(`{3,}|~{3,})");

    private FigureBlocks() {
    }

    /** A block whose generated text is not what the figures give now. */
    public record Stale(Path file, int line, String block, String written, String generated) {
        @Override
        public String toString() {
            return file + ":" + line + ": figures " + block + " is stale: it says \"" + written.strip()
                    + "\", the figures give \"" + generated.strip() + "\"";
        }
    }

    /** One block found in a file: where its generated text lies, and what belongs there now. */
    private record Block(String name, int line, int from, int to, String expected) {
    }

    /**
     * Rewrites every block of {@code markdown} from {@code reportsDir/NAME.json}, atomically and only
     * when something changed.
     *
     * @return whether the file changed
     */
    public static boolean regenerate(Path markdown, Path reportsDir) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Block b : blocks(markdown, text, reportsDir)) {
            out.append(text, at, b.from()).append(b.expected());
            at = b.to();
        }
        out.append(text, at, text.length());
        String updated = out.toString();
        if (updated.equals(text)) {
            return false;
        }
        writeAtomically(markdown, updated);
        return true;
    }

    /** The blocks of {@code markdown} whose generated text differs from what the figures give; empty when current. */
    public static List<Stale> check(Path markdown, Path reportsDir) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        List<Stale> stale = new ArrayList<>();
        for (Block b : blocks(markdown, text, reportsDir)) {
            String written = text.substring(b.from(), b.to());
            if (!written.equals(b.expected())) {
                stale.add(new Stale(markdown, b.line(), b.name(), written, b.expected()));
            }
        }
        return stale;
    }

    /** {@link #regenerate} for each of {@link #MARKDOWN} under {@code root} that exists; returns the changed files. */
    public static List<Path> regenerateAll(Path root) throws IOException {
        List<Path> changed = new ArrayList<>();
        for (Path md : markdownFiles(root)) {
            if (regenerate(md, root.resolve(PUBLISHED_REPORTS))) {
                changed.add(md);
            }
        }
        return changed;
    }

    /** {@link #check} for each of {@link #MARKDOWN} under {@code root} that exists. */
    public static List<Stale> checkAll(Path root) throws IOException {
        List<Stale> stale = new ArrayList<>();
        for (Path md : markdownFiles(root)) {
            stale.addAll(check(md, root.resolve(PUBLISHED_REPORTS)));
        }
        return stale;
    }

    private static List<Path> markdownFiles(Path root) {
        List<Path> files = new ArrayList<>();
        for (Path p : MARKDOWN) {
            if (Files.isRegularFile(root.resolve(p))) {
                files.add(root.resolve(p));
            }
        }
        return files;
    }

    private static List<Block> blocks(Path file, String text, Path reportsDir) throws IOException {
        List<int[]> fences = fencedRanges(text);
        Map<String, JsonObject> figures = new HashMap<>();
        List<Block> blocks = new ArrayList<>();
        Matcher open = OPEN.matcher(text);
        int from = 0;
        while (open.find(from)) {
            int start = open.start();
            from = open.end();
            if (inside(fences, start) || inCodeSpan(text, start)) {
                continue;
            }
            String name = open.group(2);
            boolean optional = open.group(1) != null;
            int line = lineOf(text, start);
            String where = file + ":" + line + ": figures " + name;
            int close = text.indexOf("-->", open.end());
            if (close < 0) {
                throw new IllegalArgumentException(where + ": the comment is never closed with -->");
            }
            String template = text.substring(open.end(), close).strip();
            int genFrom = close + 3;
            String newline = text.startsWith("\r\n", genFrom) ? "\r\n" : text.startsWith("\n", genFrom) ? "\n" : "";
            genFrom += newline.length();
            int end = text.indexOf(END, genFrom);
            Matcher next = OPEN.matcher(text);
            if (end < 0 || next.find(genFrom) && next.start() < end) {
                throw new IllegalArgumentException(where + ": no " + END + " before the next block or the end of the file");
            }
            if (optional && !Files.exists(reportsDir.resolve(name + ".json"))) {
                // an optional block says nothing until its figures exist
                blocks.add(new Block(name, line, genFrom, end, ""));
                from = end + END.length();
                continue;
            }
            JsonObject json = figures.get(name);
            if (json == null) {
                json = read(reportsDir.resolve(name + ".json"), where, template);
                figures.put(name, json);
            }
            String rendered;
            try {
                rendered = FigureFormat.render(template, json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (" + reportsDir.resolve(name + ".json") + "): "
                        + e.getMessage(), e);
            }
            blocks.add(new Block(name, line, genFrom, end, rendered + newline));
            from = end + END.length();
        }
        return blocks;
    }

    private static JsonObject read(Path json, String where, String template) throws IOException {
        String needs = " (the block needs " + String.join(", ", FigureFormat.names(template)) + ")";
        try {
            JsonElement e = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(where + ": " + json + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + ": no figures file " + json
                    + " (written by attention-lab reports --publish)" + needs, e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(where + ": " + json + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** [start, end) offsets of fenced code blocks; an unclosed fence runs to the end, as in CommonMark. */
    private static List<int[]> fencedRanges(String text) {
        List<int[]> ranges = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        int start = -1;
        String fence = null;
        while (m.find()) {
            String f = m.group(1);
            if (fence == null) {
                fence = f;
                start = m.start();
            } else if (f.charAt(0) == fence.charAt(0) && f.length() >= fence.length()) {
                ranges.add(new int[] {start, m.end()});
                fence = null;
            }
        }
        if (fence != null) {
            ranges.add(new int[] {start, text.length()});
        }
        return ranges;
    }

    private static boolean inside(List<int[]> ranges, int offset) {
        for (int[] r : ranges) {
            if (offset >= r[0] && offset < r[1]) {
                return true;
            }
        }
        return false;
    }

    /** An odd number of backticks before it on its line: the marker is quoted in {@code `code`}. */
    private static boolean inCodeSpan(String text, int offset) {
        int ticks = 0;
        for (int i = text.lastIndexOf('\n', offset - 1) + 1; i < offset; i++) {
            if (text.charAt(i) == '`') {
                ticks++;
            }
        }
        return ticks % 2 == 1;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A temporary file beside the target, then one rename ({@link AtomicFiles}): a reader never sees half a README. */
    private static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }
}
