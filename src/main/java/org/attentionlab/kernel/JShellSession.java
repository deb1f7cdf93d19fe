package org.attentionlab.kernel;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import javax.tools.StandardJavaFileManager;

/**
 * One JShell, executing in this JVM, that evaluates a cell's Java code snippet by snippet and
 * returns the last expression's value as an object.
 *
 * <p>{@code JShell.eval} runs only the first snippet of its input, so code is split with
 * {@link SourceCodeAnalysis#analyzeCompletion} (or, for a long cell of declarations only, with one
 * javac parse), and long runs of declarations are compiled together ({@link DeclarationBatches}).
 * JShell's "recoverable" status counts as a compile error when the compiler reported errors (it
 * files "code too large" there). Class path entries go through
 * {@link JShell#addToClasspath} only: a {@code --class-path} compiler option would silently defeat
 * later additions ({@code %jars}).
 *
 * <p>The notebook's jars come first, for the compiler ({@link CompilerClassPath}) and at run time
 * ({@link SnippetLoader}, {@link NotebookClassLoader}); the kernel's default imports give way to the
 * notebook's own ({@link DefaultImportGuard}).
 */
final class JShellSession implements AutoCloseable {
    private final JShell shell;
    private final ObjectExecutionControl control;
    private final SourceCodeAnalysis analysis;
    /** Where each snippet came from, so a stack frame {@code #12:3} can name the cell and its line. */
    private final Map<String, ErrorReports.Origin> origins = new ConcurrentHashMap<>();
    private final Set<String> classPath = new LinkedHashSet<>();
    /** The entries the notebook added (not the kernel's own); shared with the compiler and the loader. */
    private final Set<String> notebookEntries = ConcurrentHashMap.newKeySet();
    private final ClassPaths.Index kernelClassPath;
    /** JShell's file manager, as the compiler sees the class path (set while the builder runs). */
    private StandardJavaFileManager files;
    private final DefaultImportGuard imports;
    private final BatchedDeclarations batches;
    private long evaluations;

    /** @param kernelClassPath the kernel's class path entries, for the compiler (the JVM already has them) */
    JShellSession(List<String> kernelClassPath) {
        this.kernelClassPath = ClassPaths.Index.of(kernelClassPath);
        ObjectExecutionControl.Provider provider = new ObjectExecutionControl.Provider(
                new SnippetLoader(JShellSession.class.getClassLoader(), notebookEntries, this.kernelClassPath::holds));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .fileManager(fm -> {
                    files = fm;
                    return CompilerClassPath.notebookFirst(fm, notebookEntries);
                })
                .in(new ByteArrayInputStream(new byte[0]))
                .out(quiet)
                .err(quiet)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        shell.eval("1"); // starts the execution engine, so the control exists
        this.control = provider.control();
        shell.drop(shell.snippets().reduce((a, b) -> b).orElseThrow());
        this.imports = new DefaultImportGuard(shell, pkg -> CompilerClassPath.classesIn(files, pkg));
        classPath.addAll(kernelClassPath);
        if (!kernelClassPath.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, kernelClassPath));
        }
        this.batches = new BatchedDeclarations(shell, control, origins, this::evalCounted, this::addToClasspath);
    }

    /**
     * Adds a notebook's entries (jars or directories) to the compiler's and the loader's class
     * path, ahead of the kernel's; repeats, and the kernel's own jars named again (the same file, or
     * a jar of the same name and size), are ignored.
     */
    void addToClasspath(List<String> entries) {
        List<String> fresh = new ArrayList<>();
        for (String e : entries) {
            if (classPath.add(e) && !kernelClassPath.holds(Path.of(e))) {
                notebookEntries.add(e);
                fresh.add(e);
            }
        }
        if (!fresh.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, fresh));
        }
    }

    List<String> classPath() {
        return List.copyOf(classPath);
    }

    /**
     * Evaluates the kernel's default imports quietly, skipping those the compiler rejects (a package
     * that is not on the class path), so the list can name optional packages.
     */
    void importDefaults(List<String> defaults) {
        imports.importDefaults(defaults);
    }

    /**
     * Evaluates {@code code} and returns the value of its last snippet if that is an expression,
     * else null.
     *
     * @param cell   the whole cell's text, for line numbers in errors
     * @param offset where {@code code} starts in {@code cell}
     * @param label  how errors name the cell, e.g. {@code "cell [3]"}
     * @throws CellException on a compile error, an exception in the code, or an interrupt
     */
    Object eval(String code, String cell, int offset, String label) {
        ErrorReports reports = new ErrorReports(cell, label);
        control.consumeStopped();
        control.cellActive(true);
        Object last = null;
        try {
            List<DeclarationBatches.Piece> pieces = lines(code) >= DeclarationBatches.MIN_RUN
                    ? DeclarationBatches.splitDeclarations(code) : null;
            if (pieces == null) {
                pieces = split(code);
            }
            for (DeclarationBatches.Step step : DeclarationBatches.plan(code, pieces, takenNames())) {
                if (step instanceof DeclarationBatches.Batch b && batches.eval(b, offset, reports)) {
                    last = null;
                    continue;
                }
                List<DeclarationBatches.Piece> one = step instanceof DeclarationBatches.Batch b ? b.pieces()
                        : List.of(((DeclarationBatches.Single) step).piece());
                for (DeclarationBatches.Piece p : one) {
                    last = evalSnippet(p.source(), offset + p.start(), reports);
                }
            }
        } finally {
            control.cellActive(false);
            control.forgetValues();
        }
        return last;
    }

    /** Analysis looks this far ahead of a snippet's end before trusting where it ends (see {@link #split}). */
    private static final int LOOKAHEAD = 256;
    /** The first window {@link #split} analyses: its cost grows with the text it is given. */
    private static final int WINDOW = 1024;

    /**
     * Splits code into JShell's snippets. {@link SourceCodeAnalysis#analyzeCompletion} scans all the
     * text it is given, so asking it about the rest of a long cell for every snippet took time
     * quadratic in the cell's length (1.4 s of CPU for 1,000 lines); it is asked about a window of
     * a few KB instead, grown until the snippet ends well inside it (an {@code if} ending at the
     * window's edge might continue with an {@code else} beyond it).
     */
    List<DeclarationBatches.Piece> split(String code) {
        List<DeclarationBatches.Piece> out = new ArrayList<>();
        int pos = 0;
        int window = WINDOW;
        while (pos + DeclarationBatches.leadingWhitespace(code, pos) < code.length()) {
            int end = code.length() - pos <= window ? code.length() : lineEnd(code, pos + window);
            boolean whole = end == code.length();
            String text = code.substring(pos, end);
            CompletionInfo info = analysis.analyzeCompletion(text);
            boolean incomplete = info.source() == null || info.completeness() == Completeness.DEFINITELY_INCOMPLETE;
            if (!whole && (incomplete || info.completeness() != Completeness.COMPLETE
                    && info.completeness() != Completeness.COMPLETE_WITH_SEMI || info.remaining().length() < LOOKAHEAD)) {
                window *= 2;
                continue;
            }
            if (incomplete) {
                out.add(new DeclarationBatches.Piece(text, pos, end)); // let the compiler say what is missing
                break;
            }
            int consumed = text.length() - info.remaining().length();
            out.add(new DeclarationBatches.Piece(info.source(), pos, pos + consumed));
            pos += consumed;
            window = WINDOW;
        }
        return out;
    }

    private static int lines(String s) {
        int n = 1;
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
            n++;
        }
        return n;
    }

    private static int lineEnd(String s, int from) {
        int nl = s.indexOf('\n', from);
        return nl < 0 ? s.length() : nl + 1;
    }

    /** JShell.eval, counted (a test checks that long cells need few evaluations). */
    List<SnippetEvent> evalCounted(String source) {
        evaluations++;
        List<SnippetEvent> events = shell.eval(source);
        batches.refresh(events);
        return events;
    }

    /** How many times JShell was asked to evaluate something so far. */
    long evaluations() {
        return evaluations;
    }

    /** Whether a simple name is declared or imported already: computed once a cell, if a plan asks. */
    private java.util.function.Predicate<String> takenNames() {
        return new java.util.function.Predicate<>() {
            private Set<String> names;

            @Override
            public boolean test(String name) {
                if (names == null) {
                    names = TakenNames.of(shell, control::classNamed, batches.names());
                }
                return names.contains(name) || names.contains(TakenNames.EVERYTHING);
            }
        };
    }

    private Object evalSnippet(String source, int start, ErrorReports reports) {
        return evalSnippet(source, start, reports, true);
    }

    private Object evalSnippet(String source, int start, ErrorReports reports, boolean mayRetry) {
        Object value = null;
        for (SnippetEvent e : evalCounted(source)) {
            if (e.causeSnippet() != null) {
                continue; // an update of a dependent snippet, not this one
            }
            Snippet s = e.snippet();
            origins.put(s.id(), reports.origin(start + leadingWhitespace(source)));
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
                shell.drop(s);
                if (mayRetry && imports.dropBehindAmbiguity(diags)) {
                    return evalSnippet(source, start, reports, false); // a default import was in the way
                }
                throw withImportNote(reports.compilationError(source, start, diags), diags);
            }
            if (s instanceof ImportSnippet imp && e.status() == Snippet.Status.VALID) {
                imports.notebookImported(imp);
            }
            if (control.consumeStopped()) {
                throw new CellException.Interrupted("Interrupted: the cell was stopped at the kernel's request"
                        + (control.stopUnsupported() ? " (this Java cannot stop threads; it ran to its end)" : ""));
            }
            JShellException ex = e.exception();
            if (ex instanceof UnresolvedReferenceException u) {
                throw reports.unresolved(u.getSnippet(), unresolvedNames(u.getSnippet()));
            }
            if (ex != null) {
                throw reports.runtimeError(ex, origins);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                // JShell files some failures that are not missing names under "recoverable" too
                // ("code too large"): those are errors, and must be reported as such.
                List<Diag> errors = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
                List<String> missing = unresolvedNames(s);
                if (!errors.isEmpty() || missing.isEmpty()) {
                    shell.drop(s);
                    throw reports.compilationError(source, start, errors);
                }
                System.err.println("note: " + ErrorReports.describe(s) + " is declared, but cannot be used until "
                        + String.join(", ", missing) + " is declared");
            }
            Object v = control.take(e.value());
            value = isExpression(s) ? v : null;
        }
        return value;
    }

    private static final Pattern MISSING_SYMBOL = Pattern.compile("symbol:\\s+(?:class|variable)\\s+([\\w$]+)");

    /** A compile error about a name whose default import was dropped gets a note saying so. */
    private CellException withImportNote(CellException error, List<Diag> diags) {
        List<String> notes = new ArrayList<>();
        for (Diag d : diags) {
            Matcher m = MISSING_SYMBOL.matcher(diagText(d));
            String note = d.getCode().startsWith("compiler.err.cant.resolve") && m.find()
                    ? imports.droppedNote(m.group(1)) : null;
            if (note != null && !notes.contains(note)) {
                notes.add(note);
            }
        }
        if (notes.isEmpty()) {
            return error;
        }
        List<String> lines = new ArrayList<>(error.lines());
        lines.addAll(notes);
        return new CellException.CompilationError(error.getMessage(), lines);
    }

    private List<String> unresolvedNames(Snippet s) {
        if (s instanceof jdk.jshell.DeclarationSnippet d) {
            return shell.unresolvedDependencies(d).collect(Collectors.toList());
        }
        return List.of();
    }

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** IJava's answer to is_complete: "complete", "invalid", or an indent meaning "incomplete". */
    String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                case UNKNOWN:
                    return "invalid";
                default:
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    /** Completions at {@code cursor}: the replacement texts and where they start. */
    Completions complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<String> matches = analysis.completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completions(matches, matches.isEmpty() ? cursor : anchor[0], cursor);
    }

    record Completions(List<String> matches, int start, int end) {
    }

    /** Signatures (and Javadoc when asked and available) of what the cursor is on; empty if none. */
    List<String> documentation(String code, int cursor, boolean javadoc) {
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, javadoc);
        if (docs.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1))) {
            // Shift-Tab right after a method name: ask as if the call's parenthesis were typed.
            String asCall = code.substring(0, cursor) + "(" + code.substring(cursor);
            docs = analysis.documentation(asCall, cursor + 1, javadoc);
        }
        List<String> out = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : docs) {
            out.add(d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc());
        }
        if (out.isEmpty() && cursor > 0) {
            String type = analysis.analyzeType(code, cursor);
            if (type != null && !type.isBlank()) {
                out.add(type);
            }
        }
        return out;
    }

    /** Ends the running snippet, if any (see {@link ObjectExecutionControl#stop()}). */
    void stop() {
        control.stop();
    }

    @Override
    public void close() {
        shell.close();
    }

    static String diagText(Diag d) {
        return d.getMessage(Locale.ROOT);
    }
}
