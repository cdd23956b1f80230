package org.fsneurons.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;

class ImageRangesTest {
  @Test
  void rangesCoverAllImagesOnBatchBoundaries() {
    for (int n : new int[] {1, 99, 100, 101, 1000, 10000}) {
      for (int p : new int[] {1, 2, 7, 64, 20000}) {
        List<ImageRanges.Range> rs = ImageRanges.split(n, p, 100);
        assertEquals(p, rs.size());
        int next = 0;
        for (ImageRanges.Range r : rs) {
          assertEquals(next, r.from());
          assertTrue(r.from() % 100 == 0 || r.size() == 0, r + " starts inside a batch");
          next = r.to();
        }
        assertEquals(n, next);
      }
    }
  }

  @Test
  void sevenPartitionsOfTenBatches() {
    // 10 batches over 7 partitions: floor(10*i/7) = 0,1,2,4,5,7,8,10
    assertEquals(
        List.of(
            new ImageRanges.Range(0, 0, 100),
            new ImageRanges.Range(1, 100, 200),
            new ImageRanges.Range(2, 200, 400),
            new ImageRanges.Range(3, 400, 500),
            new ImageRanges.Range(4, 500, 700),
            new ImageRanges.Range(5, 700, 800),
            new ImageRanges.Range(6, 800, 1000)),
        ImageRanges.split(1000, 7, 100));
  }

  @Test
  void settingsRefuseEmptyMasterAndNegativePartitions() {
    UserInputException e = assertThrows(UserInputException.class, () -> new SparkSettings(" ", 2));
    assertEquals(
        "spark master: expected e.g. local[2] or spark://host:7077, found an empty value",
        e.getMessage());
    e = assertThrows(UserInputException.class, () -> new SparkSettings("local[2]", -1));
    assertEquals("spark partitions: expected a positive number, found -1", e.getMessage());
    assertTrue(new SparkSettings("local[2]", 0).local());
    assertTrue(!new SparkSettings("spark://127.0.0.1:7077", 0).local());
  }

  @Test
  void appJarsListTheRuntimeClosureWithoutSpark() {
    var names = AppJars.names();
    assertTrue(names.contains("fs-models-0.1.0-SNAPSHOT.jar"), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("onnxruntime-")), names.toString());
    assertTrue(
        names.stream().noneMatch(n -> n.startsWith("spark-") || n.startsWith("scala-")),
        names.toString());
  }
}
