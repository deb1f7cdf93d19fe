package org.attentionlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The external steps of a Debian fetch ({@code apt-get download}, {@code dpkg-deb}), shared by
 * {@link DebianPackage} (one file) and {@link DebianBundle} (whole packages), so that both fail
 * the same way: a {@link DataUnavailableException} naming the step, what went wrong and the advice.
 */
final class AptSteps {
    static final long STEP_TIMEOUT_SECONDS = 300;

    /** Turns a failed step into the caller's exception (which names its package and purpose). */
    interface Failure {
        DataUnavailableException of(String step, String what, String advice);
    }

    private AptSteps() {
    }

    /**
     * Runs {@code command} in {@code dir} and returns its output (stdout and stderr together);
     * a tool that cannot start, a non-zero exit or a timeout becomes {@code failure}.
     */
    static String run(List<String> command, Path dir, String advice, Failure failure) {
        String step = String.join(" ", command.subList(0, Math.min(2, command.size())))
                + (command.size() > 2 ? " " + command.get(2) + (command.size() > 3 ? " ..." : "") : "");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw failure.of(step, "'" + command.get(0) + "' could not be started (" + e.getMessage() + ")",
                    "this fetch needs Debian's apt-get and dpkg-deb (apt-get install apt dpkg)");
        }
        try {
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes(); // ends when the process closes its output
            }
            if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failure.of(step, "no answer within " + STEP_TIMEOUT_SECONDS + " s", advice);
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                if (text.length() > 600) {
                    text = "..." + text.substring(text.length() - 600);
                }
                throw failure.of(step, "exit code " + p.exitValue() + (text.isEmpty() ? "" : ": " + text), advice);
            }
            return text;
        } catch (IOException e) {
            throw failure.of(step, e.toString(), advice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw failure.of(step, "interrupted", advice);
        }
    }

    /** The {@code .deb} files in {@code dir}, sorted by name. */
    static List<Path> debs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
    }

    /** Deletes a folder and everything in it; leftovers are harmless (the next fetch uses a new folder). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // leftover scratch files are harmless
        }
    }
}
