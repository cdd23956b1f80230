package org.fsneurons.models.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Runs benchmark variants interleaved: round after round, each round runs every variant once, so
 * slow drifts of the machine (other processes, frequency, caches) hit all variants alike. Each
 * round's order is a fresh permutation drawn from a {@link SplittableRandom} seeded with the
 * caller's seed, so no variant always runs right after the same neighbour: a fixed or merely
 * rotated order would always put the same variant after the longest one, and on a busy machine the
 * scheduler tends to preempt a process right after it has used a long slice. The first {@code
 * warmup} rounds are not timed; the next {@code runs} rounds time each call with the clock.
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
  public static Timings run(
      List<Variant> variants,
      int warmup,
      int runs,
      long seed,
      Clock clock,
      ProgressListener progress) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variants");
    }
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException(
          "need warmup >= 0 and runs >= 1, found " + warmup + " and " + runs);
    }
    Set<String> seen = new HashSet<>();
    for (Variant v : variants) {
      if (!seen.add(v.name())) {
        throw new IllegalArgumentException("duplicate variant '" + v.name() + "'");
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, double[]> times = new LinkedHashMap<>();
    variants.forEach(v -> times.put(v.name(), new double[runs]));
    int rounds = warmup + runs;
    for (int r = 0; r < rounds; r++) {
      for (Variant v : roundOrder(variants, rng)) {
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

  /** A uniformly random order of the variants (Fisher-Yates with {@code rng}). */
  static List<Variant> roundOrder(List<Variant> variants, SplittableRandom rng) {
    List<Variant> order = new ArrayList<>(variants);
    for (int i = order.size() - 1; i > 0; i--) {
      Collections.swap(order, i, rng.nextInt(i + 1));
    }
    return order;
  }
}
