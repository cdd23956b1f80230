package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.fsneurons.models.eval.ProgressListener;
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

  @Test
  void everyRoundRunsEveryVariantOnceRotatingTheStart() {
    List<String> calls = new ArrayList<>();
    FakeClock clock = new FakeClock();
    List<Interleaved.Variant> vs = List.of(
        new Interleaved.Variant("a", () -> calls.add("a")),
        new Interleaved.Variant("b", () -> calls.add("b")),
        new Interleaved.Variant("c", () -> calls.add("c")));
    Interleaved.run(vs, 2, 2, clock, ProgressListener.NONE);
    // 4 rounds (2 warm-up + 2 timed), round r starts at variant r mod 3
    assertEquals(List.of("a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"), calls);
  }

  @Test
  void onlyTimedRoundsAreRecordedAndAttributedToTheirVariant() {
    FakeClock clock = new FakeClock();
    int[] calls = new int[2];
    // "fast" costs 1 ms on every call; "slow" costs 10 ms, 20 ms, 30 ms, ... by call number (warm-up included)
    List<Interleaved.Variant> vs = List.of(
        new Interleaved.Variant("fast", () -> {
          calls[0]++;
          clock.now += 1_000_000;
        }),
        new Interleaved.Variant("slow", () -> {
          calls[1]++;
          clock.now += 10_000_000L * calls[1];
        }));
    List<long[]> progress = new ArrayList<>();
    Timings t = Interleaved.run(vs, 3, 4, clock, (done, total) -> progress.add(new long[] {done, total}));
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Interleaved.run(List.of(a, a), 0, 1, System::nanoTime, ProgressListener.NONE));
    assertEquals("duplicate variant 'a'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Interleaved.run(List.of(a), 0, 0, System::nanoTime, ProgressListener.NONE));
    assertEquals("need warmup >= 0 and runs >= 1, found 0 and 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Interleaved.run(List.of(), 0, 1, System::nanoTime, ProgressListener.NONE));
    assertEquals("no variants", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Interleaved.Variant(" ", () -> {}));
    assertEquals("a variant needs a name and an action", e.getMessage());
  }
}
