package org.attentionlab.kernel;

import com.google.gson.annotations.SerializedName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * Attention Lab's Jupyter kernel: Java cells run by an in-process JShell, IJava's magics, and
 * renderers for the toolkit's objects, on jjava's messaging layer ({@link BaseKernel}).
 *
 * <p>JShell starts on a background thread while the kernel connects, so the kernel answers
 * {@code kernel_info} at once and the first cell waits only for what is left of the start-up.
 */
public final class AttentionKernel extends BaseKernel {
    static final String NAME = "Attention Lab";
    private static final Pattern MAGIC_PREFIX = Pattern.compile("(?m)^\\s*(%%?)([\\w.-]*)$");

    private final CompletableFuture<JShellSession> session;
    private final Magics magics;
    /** An interrupt that came while the cell still waited for JShell to start. */
    private volatile boolean interruptedEarly;
    private volatile boolean executing;

    public AttentionKernel() {
        super(NAME, version(), languageInfo(),
                List.of(new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
                new MagicsRegistry(), true, new StringStyler.Builder().build());
        this.session = CompletableFuture.supplyAsync(AttentionKernel::startSession, r -> {
            Thread t = new Thread(r, "jshell-start");
            t.setDaemon(true);
            t.start();
        });
        this.magics = new Magics(new MagicsHost(), new MavenResolver(MavenResolver.defaultLocalRepository()));
    }

    private static JShellSession startSession() {
        JShellSession s = new JShellSession(ClassPaths.ofThisJvm());
        s.importDefaults(DefaultImports.all());
        return s;
    }

    private static String version() {
        String v = AttentionKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell",
                "java", "java", "script");
    }

    /** The JShell, once started; rethrows a start-up failure. */
    JShellSession session() {
        try {
            return session.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the kernel's JShell failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for the JShell to be ready (used to measure start-up; cells wait on their own). */
    public void awaitReady() {
        session();
    }

    @Override
    public Object evalRaw(String code) {
        int count = executionCount.get() - 1;
        String label = count > 0 ? "cell [" + count + "]" : "the cell";
        try {
            return evalCell(code, label);
        } finally {
            try {
                Notebook.flushUpdates();
            } catch (RuntimeException e) {
                System.err.println("could not show the last display update: " + e);
            }
            System.out.flush();
            System.err.flush();
        }
    }

    /** Runs a cell's magics and code in order; returns the value of the last part. */
    Object evalCell(String code, String label) {
        executing = true;
        try {
            JShellSession s = session();
            if (interruptedEarly) {
                throw new CellException.Interrupted("Interrupted: the cell was stopped before it started");
            }
            Object value = evalParts(s, code, label);
            // A cell ending in System.out.printf(...) has already printed what it meant to show; its
            // value, the stream itself, would only add "java.io.PrintStream@1b2c3d" below it.
            return value instanceof java.io.PrintStream ? null : value;
        } finally {
            executing = false;
            interruptedEarly = false;
        }
    }

    private Object evalParts(JShellSession s, String code, String label) {
        Object last = null;
        for (CellParser.Part part : CellParser.parse(code)) {
            if (part instanceof CellParser.Code c) {
                last = s.eval(c.source(), code, c.offset(), label);
            } else if (part instanceof CellParser.LineMagic m) {
                last = magics.line(m.name(), m.args());
            } else if (part instanceof CellParser.CellMagic m) {
                last = magics.cell(m.name(), m.args(), m.body());
            }
        }
        return last;
    }

    /** jjava's cell streams, wrapped so that stdout and stderr keep their order ({@link OrderedStreams}). */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        super.replaceOutputStreams(env);
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        System.setOut(OrderedStreams.ahead(out, err));
        System.setErr(OrderedStreams.ahead(err, out));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<String> docs = session().documentation(code, Math.min(at, code.length()), extraDetail);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int cursor = Math.min(at, code.length());
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        if (cursor > 0 && code.charAt(cursor - 1) == '\n') {
            lineStart = cursor;
        }
        Matcher m = MAGIC_PREFIX.matcher(code.substring(lineStart, cursor));
        if (m.matches()) {
            List<String> names = new ArrayList<>();
            List<String> known = m.group(1).equals("%%") ? Magics.cellMagicNames() : Magics.lineMagicNames();
            for (String n : known) {
                if (n.startsWith(m.group(2))) {
                    names.add(n);
                }
            }
            return new ReplacementOptions(names, cursor - m.group(2).length(), cursor);
        }
        JShellSession.Completions c = session().complete(code, cursor);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        List<CellParser.Part> parts = CellParser.parse(code);
        StringBuilder java = new StringBuilder();
        for (CellParser.Part p : parts) {
            if (p instanceof CellParser.CellMagic) {
                return IS_COMPLETE_YES;
            }
            if (p instanceof CellParser.Code c) {
                java.append(c.source()).append('\n');
            }
        }
        return session().isComplete(java.toString());
    }

    @Override
    public void interrupt() {
        if (session.isDone()) {
            session().stop();
        } else if (executing) {
            interruptedEarly = true;
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException c) {
            return c.lines();
        }
        return super.formatError(e);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().close();
        }
    }

    /** jjava's reply lacks {@code "status": "ok"}, which the messaging protocol requires. */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new OkKernelInfoReply(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(),
                getHelpLinks()));
    }

    @Override
    public String getBanner() {
        return "Attention Lab kernel " + version + " on Java " + Runtime.version()
                + " (JShell in-process; IJava magics: %jars %classpath %maven %mavenRepo %load %%loadFromPOM)";
    }

    static final class OkKernelInfoReply extends KernelInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        OkKernelInfoReply(String protocol, String name, String version, LanguageInfo info, String banner,
                List<HelpLink> links) {
            super(protocol, name, version, info, banner, links);
        }

        String status() {
            return status;
        }
    }

    private final class MagicsHost implements Magics.Host {
        @Override
        public void addToClasspath(List<String> entries) {
            session().addToClasspath(entries);
        }

        @Override
        public Object evalFile(String code, String label) {
            return evalParts(session(), code, label);
        }

        @Override
        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }

        @Override
        public java.util.function.Consumer<String> liveLine() {
            return new LiveLine();
        }
    }

    /** A line under the cell shown with {@code display} and redrawn with {@code updateDisplay}. */
    private static final class LiveLine implements java.util.function.Consumer<String> {
        private String id;
        private boolean broken;

        @Override
        public synchronized void accept(String text) {
            if (broken) {
                return;
            }
            try {
                if (id == null) {
                    id = Notebook.display(text, "text/plain");
                } else {
                    Notebook.updateDisplay(id, text, "text/plain");
                }
            } catch (RuntimeException e) { // no notebook to show it in (an in-process kernel)
                broken = true;
            }
        }
    }
}
