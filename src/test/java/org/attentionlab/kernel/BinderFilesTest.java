package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Binder's files cannot be run here (no conda); what can be checked, is. */
class BinderFilesTest {
    private static List<String> commands(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("set ") && !t.startsWith("cd ")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The lines of the first ```bash block after the heading {@code heading}. */
    private static List<String> readmeBlock(String heading) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int i = lines.indexOf(heading);
        assertTrue(i >= 0, "README lacks the section " + heading);
        while (!lines.get(i).startsWith("```bash")) {
            i++;
        }
        List<String> block = new ArrayList<>();
        for (i++; !lines.get(i).startsWith("```"); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    @Test
    void postBuildRunsTheReadmeJupyterLabStepsInOrder() throws Exception {
        List<String> post = commands(Files.readAllLines(Path.of("postBuild")));
        List<String> readme = commands(readmeBlock("### Use in JupyterLab"));
        assertEquals(List.of("mvn -B -q package -DskipTests", "bin/attention-lab kernel install --sys-prefix"), post);
        int at = -1;
        for (String c : post) {
            int next = readme.indexOf(c);
            assertTrue(next > at, "README's JupyterLab steps should run '" + c + "' in the same order: " + readme);
            at = next;
        }
    }

    @Test
    void postBuildIsExecutableValidBash() throws Exception {
        assertTrue(Files.isExecutable(Path.of("postBuild")));
        Process p = new ProcessBuilder("bash", "-n", "postBuild").inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void environmentYmlIsValidAndPinsTheToolchain() throws Exception {
        Path python = JupyterAvailable.python("yaml");
        String check = "import yaml, sys\n"
                + "env = yaml.safe_load(open('environment.yml'))\n"
                + "assert env['channels'] == ['conda-forge'], env['channels']\n"
                + "deps = [d for d in env['dependencies'] if isinstance(d, str)]\n"
                + "for want in ('openjdk=17', 'maven', 'jupyterlab', 'nbconvert'):\n"
                + "    assert any(d == want or d.startswith(want + '=') or d.startswith(want) for d in deps), want\n"
                + "print('ok')\n";
        Process p = new ProcessBuilder(python.toString(), "-c", check).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
