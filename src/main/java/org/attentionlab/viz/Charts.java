package org.attentionlab.viz;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Saving and rasterising whatever this package draws: XChart charts, {@link Drawing}s and plain
 * images. The format follows the file name: {@code .png} (the default when there is no known
 * extension, which is then added) or {@code .svg}.
 *
 * <p>SVG costs nothing extra: XChart already depends on VectorGraphics2D, which both its own
 * {@link VectorGraphicsEncoder} and our Drawings use.
 */
public final class Charts {
    private Charts() {
    }

    /**
     * Writes {@code picture} (an XChart chart, a {@link Drawing} or a {@link RenderedImage}) to
     * {@code file} and returns the path actually written (with ".png" added when the name had
     * neither ".png" nor ".svg"). Parent directories are created.
     */
    public static Path save(Object picture, Path file) throws IOException {
        Args.notNull("picture", picture);
        Args.notNull("file", file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            file = file.resolveSibling(file.getFileName() + ".png");
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        if (svg) {
            writeSvg(picture, file);
        } else {
            ImageIO.write(toImage(picture), "png", file.toFile());
        }
        return file;
    }

    /** Rasterises a chart, a Drawing, or returns an image as a BufferedImage. */
    public static BufferedImage toImage(Object picture) {
        if (picture instanceof Chart<?, ?> chart) {
            return BitmapEncoder.getBufferedImage(chart);
        }
        if (picture instanceof Drawing d) {
            return d.toImage();
        }
        if (picture instanceof BufferedImage b) {
            return b;
        }
        if (picture instanceof RenderedImage r) {
            BufferedImage b = new BufferedImage(r.getWidth(), r.getHeight(), BufferedImage.TYPE_INT_RGB);
            b.createGraphics().drawRenderedImage(r, new java.awt.geom.AffineTransform());
            return b;
        }
        throw new IllegalArgumentException("picture must be an XChart chart, a Drawing or a RenderedImage, got "
                + (picture == null ? "null" : picture.getClass().getName()));
    }

    /** The PNG bytes of a picture, for HTML reports that inline images as data URIs. */
    public static byte[] png(Object picture) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(toImage(picture), "png", out);
        return out.toByteArray();
    }

    private static void writeSvg(Object picture, Path file) throws IOException {
        if (picture instanceof Chart<?, ?> chart) {
            try (OutputStream out = Files.newOutputStream(file)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } else if (picture instanceof Drawing d) {
            VectorGraphics2D g = new VectorGraphics2D();
            g.setColor(Style.BACKGROUND);
            g.fillRect(0, 0, d.width(), d.height());
            d.paint(g);
            PageSize page = new PageSize(0, 0, d.width(), d.height());
            try (OutputStream out = Files.newOutputStream(file)) {
                new SVGProcessor().getDocument(g.getCommands(), page).writeTo(out);
            }
        } else {
            throw new IllegalArgumentException("SVG needs an XChart chart or a Drawing; a raster image ("
                    + picture.getClass().getName() + ") can only be saved as .png: " + file);
        }
    }
}
