package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks on rendered files: the size expected and real content, not a blank canvas. */
final class Images {
    private Images() {
    }

    /** Saves {@code picture} as PNG, reads it back, checks size and that it is not blank; returns it. */
    static BufferedImage savedPng(Object picture, Path file, int width, int height) throws IOException {
        Path written = Charts.save(picture, file);
        BufferedImage img = ImageIO.read(written.toFile());
        assertEquals(width, img.getWidth(), "width of " + written.getFileName());
        assertEquals(height, img.getHeight(), "height of " + written.getFileName());
        assertNotBlank(img, written.getFileName().toString());
        return img;
    }

    /** At least 2% of the pixels differ from the corner (background) colour, in at least 8 colours. */
    static void assertNotBlank(BufferedImage img, String what) {
        int bg = img.getRGB(0, 0);
        long inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (c != bg) {
                    inked++;
                }
                if (colours.size() < 100) {
                    colours.add(c);
                }
            }
        }
        double share = (double) inked / ((long) img.getWidth() * img.getHeight());
        assertTrue(share > 0.02, what + " is nearly blank: " + share + " of pixels inked");
        assertTrue(colours.size() >= 8, what + " has only " + colours.size() + " colours");
    }
}
