package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building notebooks from sources, checking them against their sources, and keeping published outputs. */
class LessonsTest {
    @TempDir
    Path dir;

    private Lessons lessons() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/01-demo.md"), LessonSourceTest.SOURCE);
        return new Lessons(dir);
    }

    @Test
    void aBuiltNotebookAgreesWithItsSource() throws Exception {
        Lessons l = lessons();
        assertEquals(List.of(dir.resolve("01-demo.ipynb")), l.build());
        assertEquals(List.of(), l.check());
        assertEquals(List.of(), l.build(), "building again changes nothing");
        JsonObject nb = JsonParser.parseString(Files.readString(dir.resolve("01-demo.ipynb"))).getAsJsonObject();
        assertEquals(4, nb.get("nbformat").getAsInt());
        assertEquals("java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
    }

    @Test
    void checkFailsNamingNotebookAndCellWhenTheyDiffer() throws Exception {
        Lessons l = lessons();
        l.build();
        Path nb = dir.resolve("01-demo.ipynb");
        Files.writeString(nb, Files.readString(nb).replace("int a = 1;", "int a = 3;"));
        List<String> problems = l.check();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("01-demo.ipynb: cell 3") && problems.get(0).contains("int a = 3;"),
                problems.get(0));

        Files.writeString(dir.resolve("02-orphan.ipynb"), Files.readString(nb));
        assertTrue(l.check().stream().anyMatch(p -> p.contains("02-orphan.ipynb: has no source")));
    }

    @Test
    void theCommandExitsNonZeroOnADifference() throws Exception {
        Lessons l = lessons();
        l.build();
        assertEquals(0, cli("notebooks", "check", "--dir", dir.toString()));
        Files.writeString(dir.resolve("src/01-demo.md"), LessonSourceTest.SOURCE.replace("Closing words.", "Other words."));
        assertEquals(1, cli("notebooks", "check", "--dir", dir.toString()));
        assertEquals(0, cli("notebooks", "build", "--dir", dir.toString()));
        assertEquals(0, cli("notebooks", "check", "--dir", dir.toString()));
        assertEquals(2, cli("notebooks", "frobnicate", "--dir", dir.toString()));
    }

    private static int cli(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return org.attentionlab.cli.Main.run(args, sink, sink);
    }

    @Test
    void rebuildingKeepsTheOutputsOfUnchangedCellsOnly() throws Exception {
        Lessons l = lessons();
        l.build();
        Path nb = dir.resolve("01-demo.ipynb");
        JsonObject o = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
        JsonArray cells = o.getAsJsonArray("cells");
        for (int i : new int[] {2, 3}) {
            JsonObject out = new JsonObject();
            out.addProperty("output_type", "stream");
            out.addProperty("name", "stdout");
            out.addProperty("text", "published " + i);
            JsonArray outputs = new JsonArray();
            outputs.add(out);
            cells.get(i).getAsJsonObject().add("outputs", outputs);
        }
        NotebookJson.write(o, nb);
        Files.writeString(dir.resolve("src/01-demo.md"), LessonSourceTest.SOURCE.replace("int a = 1;", "int a = 2;"));
        l.build();
        String built = Files.readString(nb);
        assertTrue(built.contains("published 3"), "the unchanged cell keeps its output");
        assertTrue(!built.contains("published 2"), "the edited cell loses its stale output");
        assertEquals(List.of(), l.check());
    }

    @Test
    void importWritesTheNotebooksCellsAsTheSource() throws Exception {
        Lessons l = lessons();
        l.build();
        Path nb = dir.resolve("01-demo.ipynb");
        Files.writeString(nb, Files.readString(nb).replace("Closing words.", "Edited in Jupyter."));
        Path src = l.importNotebook(nb);
        assertTrue(Files.readString(src).contains("Edited in Jupyter."));
        assertEquals(List.of(), l.check());
    }

    @Test
    void statsCountCodeAndProse() throws Exception {
        lessons();
        LessonStats s = Lessons.stats(dir.resolve("src/01-demo.md"));
        assertEquals(2, s.codeCells());
        assertEquals(3, s.longestCodeCell());
        assertEquals("int a = 1;\n\na + 1".length() + 1, s.codeChars());
        assertTrue(s.proseRatio() > 1);
    }
}
