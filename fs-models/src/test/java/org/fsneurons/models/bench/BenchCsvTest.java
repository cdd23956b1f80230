package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCsvTest {
  @TempDir Path dir;

  @Test
  void createsWithHeaderThenAppends() throws Exception {
    Path f = dir.resolve("sub/bench.csv");
    BenchCsv.append(
        f,
        Map.of(
            "date",
            "2026-01-01T00:00:00Z",
            "kind",
            "layer",
            "subject",
            "64,64,32,32",
            "relu_ms",
            "0.400"));
    BenchCsv.append(
        f, Map.of("date", "2026-01-01T00:00:00Z", "kind", "model", "notes", "a \"quoted\" note"));
    List<String> lines = Files.readAllLines(f);
    assertEquals(3, lines.size());
    assertEquals(String.join(",", BenchCsv.COLUMNS), lines.get(0));
    assertEquals(
        "2026-01-01T00:00:00Z"
            + ",,,,,,,,"
            + "layer,,"
            + "\"64,64,32,32\""
            + ",,,,,,,,"
            + "0.400"
            + ",,,,,,,,,,,,",
        lines.get(1));
    assertTrue(lines.get(2).endsWith(",\"a \"\"quoted\"\" note\""), lines.get(2));
    assertEquals(BenchCsv.COLUMNS.size(), lines.get(2).split(",", -1).length);
  }

  @Test
  void rejectsUnknownColumns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchCsv.append(dir.resolve("b.csv"), Map.of("speed", "1")));
    assertTrue(
        e.getMessage().startsWith("unknown bench column 'speed'; columns: [date, host"),
        e.getMessage());
  }

  @Test
  void anOldHeaderIsAUserErrorBeforeAnythingRuns() throws Exception {
    Path f = dir.resolve("old.csv");
    Files.writeString(f, "date,speed\n2024-01-01,3\n");
    UserInputException e = assertThrows(UserInputException.class, () -> BenchCsv.checkHeader(f));
    assertTrue(
        e.getMessage()
            .startsWith(
                f + ":1: the header is not this version's bench table; expected date,host,"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("found date,speed (move the old file away or pass --csv with another file)"),
        e.getMessage());
    BenchCsv.checkHeader(dir.resolve("missing.csv")); // a missing file is fine
  }
}
