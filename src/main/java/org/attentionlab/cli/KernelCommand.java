package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.attentionlab.kernel.KernelMain;
import org.attentionlab.kernel.KernelSpecs;
import org.attentionlab.kernel.Reports;

/** {@code attention-lab kernel install|uninstall|list}: the Jupyter kernelspec; {@code kernel run} serves a connection. */
final class KernelCommand implements Command {
    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String summary() {
        return "install, remove or list the Jupyter kernel (kernelspec 'java')";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]",
                "       attention-lab kernel uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]",
                "       attention-lab kernel list",
                "",
                "install    writes a kernelspec (default name 'java', language java, so IJava notebooks find it)",
                "           that starts this jar; --user (default) is ~/.local/share/jupyter, --sys-prefix the",
                "           prefix of the Python running 'jupyter', --prefix DIR is DIR/share/jupyter",
                "uninstall  removes it again (only a kernelspec this command wrote)",
                "list       the kernelspecs Jupyter can see, ours marked with *",
                "",
                "The kernel's JVM options come from ATTENTION_LAB_KERNEL_OPTS (default: ATTENTION_LAB_JAVA_OPTS),",
                "e.g. ATTENTION_LAB_KERNEL_OPTS='-Xmx8g -Dorg.bytedeco.javacpp.maxbytes=8G'.",
                "(kernel run --connection-file FILE is what the kernelspec runs.)");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws IOException {
        if (o.positional().isEmpty()) {
            throw new UsageException("missing sub-command: install, uninstall, list or run");
        }
        String sub = o.positional().get(0);
        Map<String, String> env = Reports.environment();
        switch (sub) {
            case "install": {
                Path kernels = kernelsDir(o, env);
                String name = o.string("name", KernelSpecs.DEFAULT_NAME);
                finish(o);
                Path dir = KernelSpecs.install(kernels, name, KernelSpecs.Launch.ofThisJvm(false));
                out.println("Installed kernelspec " + name + " in " + dir);
                list(env, kernels, out);
                return 0;
            }
            case "uninstall": {
                Path kernels = kernelsDir(o, env);
                String name = o.string("name", KernelSpecs.DEFAULT_NAME);
                finish(o);
                boolean removed = KernelSpecs.uninstall(kernels, name);
                out.println(removed ? "Removed kernelspec " + name + " from " + kernels
                        : "No kernelspec " + name + " in " + kernels);
                list(env, kernels, out);
                return removed ? 0 : 1;
            }
            case "list":
                finish(o);
                list(env, null, out);
                return 0;
            case "run": {
                String file = o.string("connection-file", null);
                if (file == null) {
                    throw new UsageException("kernel run needs --connection-file FILE");
                }
                finish(o);
                KernelMain.run(Path.of(file)); // a missing or broken file is a one-line IOException
                return 0;
            }
            default:
                throw new UsageException("unknown sub-command '" + sub + "': install, uninstall, list or run");
        }
    }

    private static void finish(Options o) {
        o.finish(true);
        if (o.positional().size() > 1) {
            throw new UsageException("unexpected argument '" + o.positional().get(1) + "'");
        }
    }

    private static Path kernelsDir(Options o, Map<String, String> env) throws IOException {
        boolean user = o.flag("user");
        boolean sys = o.flag("sys-prefix");
        String prefix = o.string("prefix", null);
        int chosen = (user ? 1 : 0) + (sys ? 1 : 0) + (prefix != null ? 1 : 0);
        if (chosen > 1) {
            throw new UsageException("choose one of --user, --sys-prefix, --prefix DIR");
        }
        if (prefix != null) {
            return KernelSpecs.prefixKernelsDir(Path.of(prefix).toAbsolutePath());
        }
        if (sys) {
            return KernelSpecs.prefixKernelsDir(KernelSpecs.sysPrefix(env));
        }
        return KernelSpecs.userKernelsDir(env);
    }

    private static void list(Map<String, String> env, Path extra, PrintStream out) throws IOException {
        List<Path> dirs = new java.util.ArrayList<>(KernelSpecs.searchPath(env));
        if (extra != null && !dirs.contains(extra)) {
            dirs.add(0, extra);
        }
        List<KernelSpecs.Spec> specs = KernelSpecs.list(dirs);
        out.println("Available kernels (* = Attention Lab):");
        if (specs.isEmpty()) {
            out.println("  (none)");
        }
        for (KernelSpecs.Spec s : specs) {
            out.printf("  %s %-12s %-24s %s%n", s.ours() ? "*" : " ", s.name(), s.displayName(), s.dir());
        }
    }
}
