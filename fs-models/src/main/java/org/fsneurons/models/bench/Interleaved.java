package org.fsneurons.models.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fsneurons.models.eval.ProgressListener;

/**
 * Runs benchmark variants interleaved: round after round, each round runs every variant once, so slow drifts of the
 * machine (other processes, frequency, caches) hit all variants alike. Round {@code r} starts at variant {@code r mod
 * n} and goes on in order, so no variant always runs right after the same neighbour or first in a round. The first
 * {@code warmup} rounds are not timed; the next {@code runs} rounds time each call with the clock.
 */
public final class Interleaved {
  private Interleaved() {}

  /** A variant: a name and the action timed once per round. */
  public record Variant(String name, Runnable action) {
    public Variant {
      if (name == null || name.isBlank() || action == null) {
        throw new IllegalArgumentException("a variant needs a name and an action");
      }
    }
  }

  /** Nanosecond clock ({@link System#nanoTime} in real runs; a fake in tests). */
  @FunctionalInterface
  public interface Clock {
    long nanos();

    Clock SYSTEM = System::nanoTime;
  }

  /**
   * Runs {@code warmup + runs} rounds and returns the timed runs per variant.
   *
   * @param progress told the rounds done out of all rounds
   */
  public static Timings run(List<Variant> variants, int warmup, int runs, Clock clock, ProgressListener progress) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variants");
    }
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException("need warmup >= 0 and runs >= 1, found " + warmup + " and " + runs);
    }
    Set<String> seen = new HashSet<>();
    for (Variant v : variants) {
      if (!seen.add(v.name())) {
        throw new IllegalArgumentException("duplicate variant '" + v.name() + "'");
      }
    }
    int n = variants.size();
    Map<String, double[]> times = new LinkedHashMap<>();
    variants.forEach(v -> times.put(v.name(), new double[runs]));
    int rounds = warmup + runs;
    for (int r = 0; r < rounds; r++) {
      for (Variant v : roundOrder(variants, r)) {
        if (r < warmup) {
          v.action().run();
        } else {
          long t0 = clock.nanos();
          v.action().run();
          long t1 = clock.nanos();
          times.get(v.name())[r - warmup] = (t1 - t0) / 1e6;
        }
      }
      progress.progress(r + 1, rounds);
    }
    return new Timings(times);
  }

  /** The order of round {@code r}: the variants rotated to start at index {@code r mod n}. */
  static List<Variant> roundOrder(List<Variant> variants, int r) {
    int n = variants.size();
    List<Variant> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(variants.get((r + i) % n));
    }
    return order;
  }
}
