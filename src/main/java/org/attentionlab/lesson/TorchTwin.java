package org.attentionlab.lesson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.attentionlab.io.Npy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint loaded into the PyTorch twin of the model ({@code src/test/python/reference_model.py},
 * built on {@code torch.nn.Transformer}) by Debian's Python, and its logits compared with ours. Where
 * that Python, PyTorch or the twin's source is missing, the comparison says so instead of failing.
 */
public record TorchTwin(boolean ran, double maxDifference, String message) {
    /** Debian's Python, which has {@code python3-torch} when it is installed. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = String.join("\n",
            "import sys, numpy as np, torch",
            "sys.path.insert(0, sys.argv[5])",
            "from reference_model import load_checkpoint",
            "model, cfg = load_checkpoint(sys.argv[1])",
            "model.eval()",
            "src = torch.tensor([[int(x) for x in sys.argv[2].split(',')]])",
            "tgt = torch.tensor([[int(x) for x in sys.argv[3].split(',')]])",
            "with torch.no_grad():",
            "    logits = model(src, tgt).numpy()",
            "print(repr(float(np.abs(logits - np.load(sys.argv[4])).max())))");

    /**
     * Loads {@code checkpoint} into the twin, runs it on one source ({@code src}) and decoder input
     * ({@code tgtIn}), and compares its logits with {@code logits} (ours, [1, tgtIn length, vocabulary]).
     */
    public static TorchTwin compare(Path checkpoint, int[] src, int[] tgtIn, INDArray logits) {
        return compare(PYTHON, twinDirectory(), checkpoint, src, tgtIn, logits);
    }

    static TorchTwin compare(Path python, Path twin, Path checkpoint, int[] src, int[] tgtIn, INDArray logits) {
        if (!Files.isExecutable(python)) {
            return skipped(python + " is not installed");
        }
        if (twin == null) {
            return skipped("the twin's source, src/test/python/reference_model.py, is not found from "
                    + Path.of("").toAbsolutePath());
        }
        Path ours = null;
        try {
            ours = Files.createTempFile("attention-lab-logits", ".npy");
            Npy.write(ours, logits.castTo(DataType.DOUBLE));
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", SCRIPT, checkpoint.toString(), csv(src),
                    csv(tgtIn), ours.toString(), twin.toString()).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return skipped("the PyTorch twin took over 5 minutes");
            }
            if (p.exitValue() != 0) {
                return text.contains("No module named") ? skipped("PyTorch or NumPy is not installed for " + python)
                        : new TorchTwin(false, Double.NaN, "the PyTorch twin failed (exit " + p.exitValue() + "): "
                        + text.substring(Math.max(0, text.length() - 400)));
            }
            String[] lines = text.split("\n");
            double d = Double.parseDouble(lines[lines.length - 1].trim());
            return new TorchTwin(true, d, String.format(Locale.ROOT,
                    "PyTorch's torch.nn.Transformer twin, loaded from the same file: largest logit difference %.1e", d));
        } catch (IOException | NumberFormatException e) {
            return new TorchTwin(false, Double.NaN, "the PyTorch twin could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skipped("interrupted");
        } finally {
            if (ours != null) {
                try {
                    Files.deleteIfExists(ours);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** {@code src/test/python} of the project, looked for from the working directory upwards. */
    static Path twinDirectory() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path twin = d.resolve("src/test/python");
            if (Files.isRegularFile(twin.resolve("reference_model.py"))) {
                return twin;
            }
        }
        return null;
    }

    private static TorchTwin skipped(String why) {
        return new TorchTwin(false, Double.NaN, "PyTorch check skipped: " + why);
    }

    private static String csv(int[] ids) {
        return Arrays.stream(ids).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return message;
    }
}
