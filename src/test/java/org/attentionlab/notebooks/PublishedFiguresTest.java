package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository's READMEs and docs/results.md quote exactly the figures last published to docs/reports. */
class PublishedFiguresTest {
    @Test
    void readmeFigureBlocksMatchDocsReports() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Path reports = root.resolve(FigureBlocks.PUBLISHED_REPORTS);
        boolean published;
        try (Stream<Path> files = Files.isDirectory(reports) ? Files.list(reports) : Stream.empty()) {
            published = files.anyMatch(p -> p.toString().endsWith(".json"));
        }
        assumeTrue(published, "no docs/reports/*.json yet: run bin/attention-lab reports --publish");
        List<FigureBlocks.Stale> stale = FigureBlocks.checkAll(root);
        assertEquals(List.of(), stale, "run bin/attention-lab reports --figures-only");
    }
}
