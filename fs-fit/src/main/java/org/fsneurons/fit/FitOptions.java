package org.fsneurons.fit;

/**
 * Settings of a fit. {@link #defaults()} gives the values the CLI uses; {@link #builder()} (from
 * the defaults) and {@link #toBuilder()} set any of them by name, the {@code with…} methods change
 * one.
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
    return builder().build();
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .restarts(restarts)
        .timeLimitSeconds(timeLimitSeconds)
        .threads(threads)
        .voltageWeight(voltageWeight)
        .spikeWeight(spikeWeight)
        .adamIterations(adamIterations)
        .surrogatePoints(surrogatePoints)
        .exactPoints(exactPoints)
        .polishEvaluations(polishEvaluations)
        .finalists(finalists)
        .finalEvaluations(finalEvaluations);
  }

  public FitOptions withSeed(long s) {
    return toBuilder().seed(s).build();
  }

  public FitOptions withRestarts(int r) {
    return toBuilder().restarts(r).build();
  }

  public FitOptions withTimeLimit(double seconds) {
    return toBuilder().timeLimitSeconds(seconds).build();
  }

  public FitOptions withThreads(int n) {
    return toBuilder().threads(n).build();
  }

  public FitOptions withVoltageWeight(double wv) {
    return toBuilder().voltageWeight(wv).build();
  }

  public FitOptions withSpikeWeight(double ws) {
    return toBuilder().spikeWeight(ws).build();
  }

  /**
   * Budgets: Adam iterations, exact-objective evaluations per restart, finalists and evaluations
   * per finalist.
   */
  public FitOptions withBudget(int adam, int polish, int nFinalists, int finalEvals) {
    return toBuilder()
        .adamIterations(adam)
        .polishEvaluations(polish)
        .finalists(nFinalists)
        .finalEvaluations(finalEvals)
        .build();
  }

  /** Numbers of surrogate (Adam) and exact (coordinate search) training points. */
  public FitOptions withPoints(int surrogate, int exact) {
    return toBuilder().surrogatePoints(surrogate).exactPoints(exact).build();
  }

  /** The thread count to use. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Fit options by name, starting from the defaults; {@link #build()} checks them (the record's
   * constructor). One setter per component, named as the component.
   */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private int restarts = DEFAULT_RESTARTS;
    private double timeLimitSeconds;
    private int threads;
    private double voltageWeight = DEFAULT_VOLTAGE_WEIGHT;
    private double spikeWeight;
    private int adamIterations = 1500;
    private int surrogatePoints = 2000;
    private int exactPoints = 20000;
    private int polishEvaluations = 6000;
    private int finalists = 3;
    private int finalEvaluations = 60000;

    private Builder() {}

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder restarts(int v) {
      restarts = v;
      return this;
    }

    public Builder timeLimitSeconds(double v) {
      timeLimitSeconds = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder voltageWeight(double v) {
      voltageWeight = v;
      return this;
    }

    public Builder spikeWeight(double v) {
      spikeWeight = v;
      return this;
    }

    public Builder adamIterations(int v) {
      adamIterations = v;
      return this;
    }

    public Builder surrogatePoints(int v) {
      surrogatePoints = v;
      return this;
    }

    public Builder exactPoints(int v) {
      exactPoints = v;
      return this;
    }

    public Builder polishEvaluations(int v) {
      polishEvaluations = v;
      return this;
    }

    public Builder finalists(int v) {
      finalists = v;
      return this;
    }

    public Builder finalEvaluations(int v) {
      finalEvaluations = v;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} as the record's constructor does. */
    public FitOptions build() {
      return new FitOptions(
          seed,
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
  }
}
