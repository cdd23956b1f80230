package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFilesTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsSamplesWithAndWithoutHeader() throws IOException {
    FitTarget.Samples a =
        SampleFiles.readXY(file("a.csv", "x,y\n-1,0.5\n\n# comment\n2, 3\n0,1\n"));
    assertArrayEquals(new double[] {-1, 0, 2}, a.xs());
    assertArrayEquals(new double[] {0.5, 1, 3}, a.ys());
    FitTarget.Samples b = SampleFiles.readXY(file("b.csv", "-1,0.5\n2,3\n"));
    assertArrayEquals(new double[] {-1, 2}, b.xs());
  }

  @Test
  void malformedLineNamesFileLineAndText() throws IOException {
    Path p = file("bad.csv", "x,y\n1,2\n3,abc\n");
    UserInputException e = assertThrows(UserInputException.class, () -> SampleFiles.readXY(p));
    assertEquals(p + ":3: expected two numbers x,y, found '3,abc'", e.getMessage());
  }

  @Test
  void wrongColumnCountAndNonFiniteAndTooFew() throws IOException {
    Path p = file("cols.csv", "1,2\n3,4,5\n");
    UserInputException e = assertThrows(UserInputException.class, () -> SampleFiles.readXY(p));
    assertEquals(p + ":2: expected two numbers x,y, found '3,4,5'", e.getMessage());
    Path q = file("nan.csv", "1,2\n3,NaN\n");
    e = assertThrows(UserInputException.class, () -> SampleFiles.readXY(q));
    assertEquals(q + ":2: numbers must be finite, found '3,NaN'", e.getMessage());
    Path r = file("one.csv", "x,y\n1,2\n");
    e = assertThrows(UserInputException.class, () -> SampleFiles.readXY(r));
    assertEquals(r + ": need at least 2 samples x,y, found 1", e.getMessage());
    Path s = file("missing.csv", "").resolveSibling("nope.csv");
    e = assertThrows(UserInputException.class, () -> SampleFiles.readXY(s));
    assertEquals(true, e.getMessage().startsWith(s + ": cannot read samples"), e.getMessage());
  }

  @Test
  void readsWeightedInputsAndRejectsNegativeWeights() throws IOException {
    InputWeighting.Samples w = SampleFiles.readXW(file("w.csv", "x,w\n2,1\n-1,3\n"));
    assertArrayEquals(new float[] {-1, 2}, w.xs());
    assertArrayEquals(new double[] {0.75, 0.25}, w.ws());
    InputWeighting.Samples u = SampleFiles.readXW(file("u.csv", "0.5\n1.5\n"));
    assertArrayEquals(new double[] {0.5, 0.5}, u.ws());
    Path p = file("neg.csv", "1,2\n3,-1\n");
    UserInputException e = assertThrows(UserInputException.class, () -> SampleFiles.readXW(p));
    assertEquals(p + ":2: weight must be >= 0, found '3,-1'", e.getMessage());
  }
}
