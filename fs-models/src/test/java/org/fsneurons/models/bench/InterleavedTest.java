package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Test;

class InterleavedTest {
  /** A fake clock that the variants advance by a fixed cost per call. */
  private static final class FakeClock implements Interleaved.Clock {
    long now;

    @Override
    public long nanos() {
      return now;
    }
  }

  private static List<String> calls(int rounds, long seed) {
    List<String> calls = new ArrayList<>();
    List<Interleaved.Variant> vs =
        List.of(
            new Interleaved.Variant("a", () -> calls.add("a")),
            new Interleaved.Variant("b", () -> calls.add("b")),
            new Interleaved.Variant("c", () -> calls.add("c")));
    Interleaved.run(vs, 2, rounds - 2, seed, new FakeClock(), ProgressListener.NONE);
    return calls;
  }

  @Test
  void everyRoundRunsEveryVariantOnceInASeededOrder() {
    List<String> calls = calls(300, 42);
    assertEquals(900, calls.size());
    Set<List<String>> orders = new HashSet<>();
    Set<String> predecessorsOfA = new HashSet<>();
    for (int r = 0; r < 300; r++) {
      List<String> round = calls.subList(3 * r, 3 * r + 3);
      assertEquals(Set.of("a", "b", "c"), new HashSet<>(round), "round " + r + ": " + round);
      orders.add(List.copyOf(round));
    }
    for (int i = 1; i < calls.size(); i++) {
      if (i % 3 != 0 && calls.get(i).equals("a")) { // within a round
        predecessorsOfA.add(calls.get(i - 1));
      }
    }
    // 300 random rounds of 3 variants: all 3! orders occur, and "a" follows both others (a fixed or
    // rotated order
    // would always put the same variant before it)
    assertEquals(6, orders.size());
    assertEquals(Set.of("b", "c"), predecessorsOfA);
    assertEquals(calls, calls(300, 42)); // the same seed gives the same schedule
  }

  @Test
  void onlyTimedRoundsAreRecordedAndAttributedToTheirVariant() {
    FakeClock clock = new FakeClock();
    int[] calls = new int[2];
    // "fast" costs 1 ms on every call; "slow" costs 10 ms, 20 ms, 30 ms, ... by call number
    // (warm-up included)
    List<Interleaved.Variant> vs =
        List.of(
            new Interleaved.Variant(
                "fast",
                () -> {
                  calls[0]++;
                  clock.now += 1_000_000;
                }),
            new Interleaved.Variant(
                "slow",
                () -> {
                  calls[1]++;
                  clock.now += 10_000_000L * calls[1];
                }));
    List<long[]> progress = new ArrayList<>();
    Timings t =
        Interleaved.run(
            vs, 3, 4, 1, clock, (done, total) -> progress.add(new long[] {done, total}));
    assertArrayEquals(new int[] {7, 7}, calls);
    assertArrayEquals(new double[] {1, 1, 1, 1}, t.runs("fast"));
    // the 3 warm-up calls (10, 20, 30 ms) are not recorded
    assertArrayEquals(new double[] {40, 50, 60, 70}, t.runs("slow"));
    assertEquals(55.0, t.median("slow"));
    assertEquals(7, progress.size());
    assertArrayEquals(new long[] {7, 7}, progress.get(6));
  }

  @Test
  void rejectsBadArguments() {
    Interleaved.Variant a = new Interleaved.Variant("a", () -> {});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Interleaved.run(List.of(a, a), 0, 1, 1, System::nanoTime, ProgressListener.NONE));
    assertEquals("duplicate variant 'a'", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Interleaved.run(List.of(a), 0, 0, 1, System::nanoTime, ProgressListener.NONE));
    assertEquals("need warmup >= 0 and runs >= 1, found 0 and 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Interleaved.run(List.of(), 0, 1, 1, System::nanoTime, ProgressListener.NONE));
    assertEquals("no variants", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Interleaved.Variant(" ", () -> {}));
    assertEquals("a variant needs a name and an action", e.getMessage());
  }
}
