package org.fsneurons.fit;

/**
 * Settings of a fit. {@link #defaults()} gives the values the CLI uses; the {@code with…} methods
 * change one.
 *
 * @param seed root seed; restart r uses the r-th split of {@code new SplittableRandom(seed)}
 * @param restarts number of restarts (start point + Adam + coordinate search each)
 * @param timeLimitSeconds wall-clock limit of the whole fit, 0 for none
 * @param threads worker threads, 0 for {@code Runtime.availableProcessors()}
 * @param voltageWeight weight of the official voltage regulariser in the surrogate loss (official:
 *     0.08..0.12)
 * @param spikeWeight weight of the mean spikes, added to the MSE (surrogate and exact objective), 0
 *     for none
 * @param adamIterations most Adam iterations per restart (early stopping on the validation points
 *     may end sooner)
 * @param surrogatePoints training points of the surrogate (Adam) loss
 * @param exactPoints training points of the exact objective (coordinate search)
 * @param polishEvaluations exact-objective evaluations of the coordinate search per restart
 * @param finalists best restarts polished further before the final choice
 * @param finalEvaluations exact-objective evaluations per finalist
 */
public record FitOptions(
    long seed,
    int restarts,
    double timeLimitSeconds,
    int threads,
    double voltageWeight,
    double spikeWeight,
    int adamIterations,
    int surrogatePoints,
    int exactPoints,
    int polishEvaluations,
    int finalists,
    int finalEvaluations) {
  /** Default root seed ({@code ./fs fit --seed}). */
  public static final long DEFAULT_SEED = 1;

  /** Default number of restarts ({@code ./fs fit --restarts}, {@code restarts:}). */
  public static final int DEFAULT_RESTARTS = 24;

  /** Default weight of the voltage regulariser ({@code ./fs fit --voltage-weight}). */
  public static final double DEFAULT_VOLTAGE_WEIGHT = 0.1;

  public FitOptions {
    if (restarts < 1) {
      throw new IllegalArgumentException("restarts must be at least 1, found " + restarts);
    }
    if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
      throw new IllegalArgumentException(
          "time limit must be finite and >= 0 seconds (0: none), found " + timeLimitSeconds);
    }
    if (threads < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 0 (0: all processors), found " + threads);
    }
    if (!(voltageWeight >= 0) || !(spikeWeight >= 0)) {
      throw new IllegalArgumentException(
          "regulariser weights must be >= 0, found voltage "
              + voltageWeight
              + ", spikes "
              + spikeWeight);
    }
    if (adamIterations < 0 || polishEvaluations < 0 || finalEvaluations < 0 || finalists < 0) {
      throw new IllegalArgumentException("iteration and evaluation budgets must be >= 0");
    }
    if (surrogatePoints < 2 || exactPoints < 2) {
      throw new IllegalArgumentException("need at least 2 training points");
    }
  }

  /**
   * The defaults: seed 1, 24 restarts, no time limit, all processors, voltage weight 0.1, no spike
   * penalty.
   */
  public static FitOptions defaults() {
    return new FitOptions(
        DEFAULT_SEED,
        DEFAULT_RESTARTS,
        0,
        0,
        DEFAULT_VOLTAGE_WEIGHT,
        0,
        1500,
        2000,
        20000,
        6000,
        3,
        60000);
  }

  public FitOptions withSeed(long s) {
    return new FitOptions(
        s,
        restarts,
        timeLimitSeconds,
        threads,
        voltageWeight,
        spikeWeight,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  public FitOptions withRestarts(int r) {
    return new FitOptions(
        seed,
        r,
        timeLimitSeconds,
        threads,
        voltageWeight,
        spikeWeight,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  public FitOptions withTimeLimit(double seconds) {
    return new FitOptions(
        seed,
        restarts,
        seconds,
        threads,
        voltageWeight,
        spikeWeight,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  public FitOptions withThreads(int n) {
    return new FitOptions(
        seed,
        restarts,
        timeLimitSeconds,
        n,
        voltageWeight,
        spikeWeight,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  public FitOptions withVoltageWeight(double wv) {
    return new FitOptions(
        seed,
        restarts,
        timeLimitSeconds,
        threads,
        wv,
        spikeWeight,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  public FitOptions withSpikeWeight(double ws) {
    return new FitOptions(
        seed,
        restarts,
        timeLimitSeconds,
        threads,
        voltageWeight,
        ws,
        adamIterations,
        surrogatePoints,
        exactPoints,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  /**
   * Budgets: Adam iterations, exact-objective evaluations per restart, finalists and evaluations
   * per finalist.
   */
  public FitOptions withBudget(int adam, int polish, int nFinalists, int finalEvals) {
    return new FitOptions(
        seed,
        restarts,
        timeLimitSeconds,
        threads,
        voltageWeight,
        spikeWeight,
        adam,
        surrogatePoints,
        exactPoints,
        polish,
        nFinalists,
        finalEvals);
  }

  /** Numbers of surrogate (Adam) and exact (coordinate search) training points. */
  public FitOptions withPoints(int surrogate, int exact) {
    return new FitOptions(
        seed,
        restarts,
        timeLimitSeconds,
        threads,
        voltageWeight,
        spikeWeight,
        adamIterations,
        surrogate,
        exact,
        polishEvaluations,
        finalists,
        finalEvaluations);
  }

  /** The thread count to use. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
