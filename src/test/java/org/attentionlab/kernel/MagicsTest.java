package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {
    @TempDir
    Path dir;

    private static Object eval(String code) {
        return SharedKernel.get().evalCell(code, "cell [1]");
    }

    @Test
    void jarsWithAGlobMakesTheirClassesUsableInTheSameCell() throws Exception {
        TestJars.greetingJar(dir, "Greeting", "hello from a jar");
        Object v = eval("%jars " + dir + "/lib/*.jar\nnew fixture.Greeting().hello()");
        assertEquals("hello from a jar", v);
    }

    @Test
    void classpathAcceptsADirectoryOfClasses() throws Exception {
        TestJars.greetingJar(dir, "Salute", "hello from classes");
        Object v = eval("%classpath " + dir.resolve("classes") + "\nnew fixture.Salute().hello()");
        assertEquals("hello from classes", v);
    }

    @Test
    void jarsThatMatchNothingIsAnErrorNamingThePattern() {
        CellException e = assertThrows(CellException.MagicError.class, () -> eval("%jars " + dir + "/none/*.jar"));
        assertTrue(e.getMessage().startsWith("%jars: nothing matches '" + dir + "/none/*.jar'"), e.getMessage());
    }

    @Test
    void unknownMagicsAreNamed() {
        CellException line = assertThrows(CellException.MagicError.class, () -> eval("%timeit 1"));
        assertTrue(line.getMessage().startsWith("Unknown line magic %timeit (this kernel knows %addMavenDependencies,"),
                line.getMessage());
        CellException cell = assertThrows(CellException.MagicError.class, () -> eval("%%bash\nls"));
        assertTrue(cell.getMessage().startsWith("Unknown cell magic %%bash"), cell.getMessage());
    }

    @Test
    void loadRunsAJshFileAsACell() throws Exception {
        Path file = dir.resolve("setup.jsh");
        Files.writeString(file, "int loadedValue = 41;\nloadedValue + 1\n");
        assertEquals(42, eval("%load " + file));
        assertEquals(41, eval("loadedValue"));
    }

    @Test
    void mavenRepoNeedsAnIdAndAUrl() {
        CellException e = assertThrows(CellException.MagicError.class, () -> eval("%mavenRepo onlyid"));
        assertTrue(e.getMessage().startsWith("%mavenRepo takes an id and a URL"), e.getMessage());
    }

    @Test
    void mavenResolvesCoordinatesWithTheirDependencies() throws Exception {
        // xchart is a dependency of this project, so it is in the local repository: no network needed.
        MavenResolver r = new MavenResolver(MavenResolver.defaultLocalRepository());
        List<Path> jars = r.resolveCoordinates(List.of("org.knowm.xchart:xchart:3.8.8"));
        assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().equals("xchart-3.8.8.jar")), jars.toString());
        assertTrue(jars.size() > 1, "transitive dependencies expected: " + jars);
    }

    @Test
    void badCoordinatesAreQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenResolver.artifact("justone"));
        assertEquals("bad Maven coordinates 'justone': expected group:artifact[:extension[:classifier]]:version",
                e.getMessage());
    }

    @Test
    void pomFragmentReadsDependenciesRepositoriesAndProperties() {
        PomFragment pom = PomFragment.parse("<properties><v>1.2</v></properties>\n"
                + "<repositories><repository><id>extra</id><url>https://example.org/m2</url></repository></repositories>\n"
                + "<dependencies>\n"
                + "  <dependency><groupId>g</groupId><artifactId>a</artifactId><version>${v}</version></dependency>\n"
                + "  <dependency><groupId>g</groupId><artifactId>t</artifactId><version>1</version><scope>test</scope></dependency>\n"
                + "</dependencies>");
        assertEquals(1, pom.dependencies().size());
        assertEquals("g:a:jar:1.2", pom.dependencies().get(0).getArtifact().toString());
        assertEquals("https://example.org/m2", pom.repositories().get("extra"));
    }

    @Test
    void pomFragmentWithAnUndefinedPropertyIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PomFragment.parse(
                "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>${nope}</version></dependency>"));
        assertEquals("%%loadFromPOM: undefined property ${nope} in <version>", e.getMessage());
    }

    @Test
    void globsExpandInSortedOrderAndThroughDirectories() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/2.jar"), "");
        Files.writeString(dir.resolve("a/1.jar"), "");
        Files.writeString(dir.resolve("a/b/3.jar"), "");
        Files.writeString(dir.resolve("a/x.txt"), "");
        assertEquals(List.of(dir.resolve("a/1.jar"), dir.resolve("a/2.jar")), Globs.expand("a/*.jar", dir));
        assertEquals(3, Globs.expand("a/**.jar", dir).size());
        assertEquals(List.of(dir.resolve("a/x.txt")), Globs.expand("a/x.txt", dir));
    }
}
