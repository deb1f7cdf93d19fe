package org.attentionlab.kernel;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Modifier;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Plans a long cell's evaluation: runs of plain declarations go to JShell as one class instead of
 * one snippet each.
 *
 * <p>Every {@code JShell.eval} starts several javac tasks, each of which sets up the module graph
 * and indexes the class path (tens of milliseconds with the toolkit's 90 jars), and each snippet's
 * wrapper imports every earlier declaration, so a 1,000-line cell of {@code int aN = N;} took
 * 11.7 s. A run of at least {@value #MIN_RUN} consecutive declarations is instead compiled as the
 * static members of one class {@code $DeclsN}, which a static import then makes visible by their
 * simple names ({@link BatchedDeclarations}): two evaluations for up to {@value #MAX_RUN}
 * declarations. A cell of declarations only is also split with one javac parse
 * ({@link #splitDeclarations}) rather than JShell's analysis snippet by snippet.
 *
 * <p>Only declarations whose batching cannot be told apart from JShell's one-by-one evaluation
 * join a run: methods, and variables whose initialiser is built from literals alone (class
 * initialisation is lazy, so anything that could run code, throw or read another variable would
 * run at a different time). Types, {@code var}, {@code private}/{@code protected} members, several
 * variables in one declaration, and any name already declared (by an earlier snippet, an earlier
 * batch, or a static import on demand) are evaluated one by one. A run that does not compile as a
 * class is evaluated one by one too, so its errors and notes are JShell's own.
 */
final class DeclarationBatches {
    /** Shorter runs are evaluated one by one: exactly JShell's behaviour, and cheap enough. */
    static final int MIN_RUN = 16;
    /** Longest run in one class (each class costs two evaluations; see also {@link #MAX_INIT_BYTES}). */
    static final int MAX_RUN = 1000;

    /** One snippet of a cell: JShell's source for it and where its raw text lies in the cell's code. */
    record Piece(String source, int start, int end) {
    }

    /** One step of the plan: a single snippet, or a run of declarations to compile as one class. */
    sealed interface Step permits Single, Batch {
    }

    record Single(Piece piece) implements Step {
    }

    /**
     * A run of declarations: their text as the members of one class body ({@code static} added
     * where it was missing), the names they declare, and where the run starts in the code.
     */
    record Batch(List<Piece> pieces, String members, Set<String> names, int start) implements Step {
    }

    private DeclarationBatches() {
    }

    /**
     * Plans {@code pieces} of {@code code}. {@code taken} says whether a simple name is already
     * declared or imported (such a declaration is evaluated on its own, so JShell's shadowing rules
     * apply to it).
     */
    static List<Step> plan(String code, List<Piece> pieces, Predicate<String> taken) {
        List<Step> steps = new ArrayList<>();
        if (pieces.size() < MIN_RUN) {
            for (Piece p : pieces) {
                steps.add(new Single(p));
            }
            return steps;
        }
        List<Member> members = probe(code, pieces);
        List<Integer> run = new ArrayList<>();
        Set<String> runNames = new HashSet<>();
        int runWeight = 0;
        Set<String> declaredBefore = new HashSet<>(); // by earlier pieces of this cell
        for (int i = 0; i <= pieces.size(); i++) {
            Member m = i < pieces.size() ? members.get(i) : null;
            boolean free = m != null && m.batchable() && !taken.test(m.name()) && !declaredBefore.contains(m.name());
            boolean joins = free && run.size() < MAX_RUN && runWeight + m.weight() <= MAX_INIT_BYTES
                    && (m.kind() == Tree.Kind.METHOD || !runNames.contains(m.name()));
            if (!joins) {
                flush(code, pieces, members, run, steps);
                declaredBefore.addAll(runNames);
                runNames.clear();
                runWeight = 0;
                free = free && !declaredBefore.contains(m.name()); // a repeated name is evaluated on its own
            }
            if (free) {
                run.add(i); // joins the run, or starts a new one after a full one
                runNames.add(m.name());
                runWeight += m.weight();
            } else if (i < pieces.size()) {
                steps.add(new Single(pieces.get(i)));
                if (m != null) {
                    declaredBefore.add(m.name());
                }
            }
        }
        return steps;
    }

    /**
     * Splits a cell made of declarations only (methods, variables, types) where javac sees its
     * members, with one parse of the whole cell; null if the cell holds anything else (a statement,
     * an expression, an initialiser block, a syntax error), for JShell to split. JShell's own
     * splitter ({@code analyzeCompletion}) costs a quarter of a millisecond and more per snippet.
     */
    static List<Piece> splitDeclarations(String code) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return null;
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null,
                List.of(new Source(0, PROBE_PREFIX + code + "\n}")));
        CompilationUnitTree cu;
        try {
            cu = task.parse().iterator().next();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        if (!diagnostics.getDiagnostics().isEmpty() || cu.getTypeDecls().size() != 1
                || !(cu.getTypeDecls().get(0) instanceof ClassTree probe)) {
            return null;
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Piece> out = new ArrayList<>();
        for (Tree t : probe.getMembers()) {
            if (!(t instanceof MethodTree || t instanceof VariableTree || t instanceof ClassTree)) {
                return null;
            }
            int start = (int) positions.getStartPosition(cu, t) - PROBE_PREFIX.length();
            int end = (int) positions.getEndPosition(cu, t) - PROBE_PREFIX.length();
            if (start < 0 || end <= start || end > code.length()) {
                return null;
            }
            Piece last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && start < last.end()) {
                // 'int a, b;' is two trees over one declaration: one piece, as JShell has it
                int merged = Math.max(end, last.end());
                out.set(out.size() - 1, new Piece(code.substring(last.start(), merged), last.start(), merged));
            } else {
                out.add(new Piece(code.substring(start, end), start, end));
            }
        }
        return out;
    }

    private static void flush(String code, List<Piece> pieces, List<Member> members, List<Integer> run, List<Step> steps) {
        if (run.size() < MIN_RUN) {
            for (int i : run) {
                steps.add(new Single(pieces.get(i)));
            }
        } else {
            Piece first = pieces.get(run.get(0));
            int from = first.start() + leadingWhitespace(code, first.start());
            StringBuilder text = new StringBuilder();
            Set<String> names = new HashSet<>();
            List<Piece> runPieces = new ArrayList<>();
            int at = from;
            for (int i : run) {
                Member m = members.get(i);
                int memberStart = pieces.get(i).start() + m.offset();
                text.append(code, at, memberStart);
                if (!m.isStatic()) {
                    text.append("static ");
                }
                at = memberStart;
                names.add(m.name());
                runPieces.add(pieces.get(i));
            }
            text.append(code, at, pieces.get(run.get(run.size() - 1)).end());
            steps.add(new Batch(runPieces, text.toString(), names, from));
        }
        run.clear();
    }

    /** What the probe learnt about a declaration (null for other pieces): its name, and whether it may join a run. */
    private record Member(Tree.Kind kind, String name, int offset, boolean isStatic, boolean batchable, int weight) {
    }

    /**
     * A rough bound on the bytes of static-initialiser code a run's variables compile to (a field
     * store and a constant, about 8 bytes, per literal): the JVM allows 64 KB per method, and a run
     * stops short of this.
     */
    static final int MAX_INIT_BYTES = 48_000;

    private static final String PROBE_PREFIX = "class $Probe { ";

    /**
     * Parses every piece's raw text as the body of a class, all in one javac task (parsing only: no
     * class path, no attribution), and keeps those that are one batchable declaration. A piece whose
     * JShell source differs from its raw text (JShell added a missing ';') is left out.
     */
    private static List<Member> probe(String code, List<Piece> pieces) {
        List<Member> out = new ArrayList<>(pieces.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            pieces.forEach(p -> out.add(null));
            return out;
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            units.add(new Source(i, PROBE_PREFIX + code.substring(p.start(), p.end()) + "\n}"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, units);
        Set<Object> broken = new HashSet<>();
        List<CompilationUnitTree> trees = new ArrayList<>();
        try {
            task.parse().forEach(trees::add);
        } catch (java.io.IOException | RuntimeException e) {
            pieces.forEach(p -> out.add(null));
            return out;
        }
        diagnostics.getDiagnostics().forEach(d -> broken.add(d.getSource()));
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        for (int i = 0; i < pieces.size(); i++) {
            CompilationUnitTree cu = trees.get(i);
            Piece p = pieces.get(i);
            boolean sameText = p.source().strip().equals(code.substring(p.start(), p.end()).strip());
            out.add(broken.contains(cu.getSourceFile()) || !sameText ? null : member(cu, positions));
        }
        return out;
    }

    private static Member member(CompilationUnitTree cu, SourcePositions positions) {
        if (cu.getTypeDecls().size() != 1 || !(cu.getTypeDecls().get(0) instanceof ClassTree probe)
                || probe.getMembers().isEmpty()) {
            return null;
        }
        if (probe.getMembers().size() > 1) {
            return null; // several variables in one declaration: evaluated as JShell does
        }
        Tree t = probe.getMembers().get(0);
        int offset = (int) positions.getStartPosition(cu, t) - PROBE_PREFIX.length();
        if (t instanceof MethodTree m) {
            Set<Modifier> mods = m.getModifiers().getFlags();
            // constructors, abstract and native methods are not plain top-level methods
            boolean plain = offset >= 0 && m.getReturnType() != null && m.getBody() != null && !excluded(mods)
                    && !mods.contains(Modifier.ABSTRACT) && !mods.contains(Modifier.NATIVE) && !mods.contains(Modifier.DEFAULT);
            return new Member(Tree.Kind.METHOD, m.getName().toString(), offset, mods.contains(Modifier.STATIC), plain, 0);
        }
        if (t instanceof VariableTree v) {
            Set<Modifier> mods = v.getModifiers().getFlags();
            boolean plain = offset >= 0 && !excluded(mods) && v.getType() != null && !v.getType().toString().equals("var")
                    && (v.getInitializer() == null || literal(v.getInitializer()));
            int weight = 8 + (v.getInitializer() == null ? 0 : 8 * leaves(v.getInitializer()));
            return new Member(Tree.Kind.VARIABLE, v.getName().toString(), offset, mods.contains(Modifier.STATIC), plain,
                    weight);
        }
        if (t instanceof ClassTree c) {
            // types: a batched class could make a name ambiguous with an import on demand
            return new Member(Tree.Kind.CLASS, c.getSimpleName().toString(), offset, false, false, 0);
        }
        return null;
    }

    private static boolean excluded(Set<Modifier> mods) {
        return mods.contains(Modifier.PRIVATE) || mods.contains(Modifier.PROTECTED);
    }

    /**
     * Whether an initialiser is built from literals only (with unary and binary operators other than
     * division and remainder, which can throw, casts to primitive types, and array initialisers):
     * such a value is the same whenever it is computed, and computing it runs no code.
     */
    static boolean literal(ExpressionTree e) {
        switch (e.getKind()) {
            case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL, CHAR_LITERAL,
                    STRING_LITERAL, NULL_LITERAL:
                return true;
            case UNARY_MINUS, UNARY_PLUS, BITWISE_COMPLEMENT, LOGICAL_COMPLEMENT:
                return literal(((UnaryTree) e).getExpression());
            case PARENTHESIZED:
                return literal(((ParenthesizedTree) e).getExpression());
            case DIVIDE, REMAINDER:
                return false;
            case TYPE_CAST:
                TypeCastTree c = (TypeCastTree) e;
                return c.getType().getKind() == Tree.Kind.PRIMITIVE_TYPE && literal(c.getExpression());
            case NEW_ARRAY:
                NewArrayTree a = (NewArrayTree) e;
                if (a.getInitializers() == null || !a.getDimensions().isEmpty()) {
                    return false;
                }
                for (ExpressionTree x : a.getInitializers()) {
                    if (!literal(x)) {
                        return false;
                    }
                }
                return true;
            default:
                return e instanceof BinaryTree b && literal(b.getLeftOperand()) && literal(b.getRightOperand());
        }
    }

    /** How many literals an initialiser holds (each costs a few bytes of static-initialiser code). */
    private static int leaves(ExpressionTree e) {
        int[] n = new int[1];
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void visitLiteral(com.sun.source.tree.LiteralTree node, Void p) {
                n[0]++;
                return null;
            }
        }.scan(e, null);
        return n[0];
    }

    static int leadingWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(int index, String text) {
            super(URI.create("string:///Probe" + index + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
