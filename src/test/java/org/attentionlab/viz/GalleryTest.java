package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryTest {
    @TempDir
    Path dir;

    @Test
    void rendersPngsAndAnIndexThatShowsThem() throws Exception {
        List<Path> files = new Gallery().withPaperFigures().withRuns(Gallery.Demo.runs())
                .add("grid", "grid", new AttentionGrid("g", Gallery.Demo.attention(2, 2, 4, 4, 1), null, null))
                .render(dir, "test");
        assertEquals(8, files.size());
        String md = Files.readString(dir.resolve("gallery.md"));
        for (Path p : files.subList(0, files.size() - 1)) {
            assertTrue(md.contains("](" + p.getFileName() + ")"), "index misses " + p.getFileName());
            Images.assertNotBlank(ImageIO.read(p.toFile()), p.toString());
        }
    }

    @Test
    void stemsMustBeFileNameSafeAndUnique() {
        Gallery g = new Gallery().add("a", "a", SchedulePlots.paperSchedules());
        assertThrows(IllegalArgumentException.class, () -> g.add("a", "again", SchedulePlots.paperSchedules()));
        assertThrows(IllegalArgumentException.class, () -> g.add("../x", "bad", SchedulePlots.paperSchedules()));
    }
}
