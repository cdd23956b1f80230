package org.fsneurons.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Plots#accuracyVsSpikes}: a 900x600 PNG at exactly the path given, or one line. */
class PlotsTest {
  @TempDir Path dir;

  static final List<Plots.SweepPoint> POINTS =
      List.of(
          new Plots.SweepPoint("paper (alpha=25)", 10, 1.19, 0.963),
          new Plots.SweepPoint("max", 6, 0.70, 0.953),
          new Plots.SweepPoint("max", 8, 1.11, 0.967));

  @Test
  void accuracyVsSpikesWritesAPng() throws Exception {
    Path png = dir.resolve("sub/sweep"); // no .png suffix added, parent folder created
    Plots.accuracyVsSpikes("t", POINTS, 0.96, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(600, img.getHeight());
  }

  @Test
  void aPathUnderAFileIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Plots.accuracyVsSpikes("t", POINTS, 0.96, file.resolve("p.png")));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertEquals(
        true, e.getMessage().startsWith(file.resolve("p.png") + ": cannot write the plot"));
  }
}
