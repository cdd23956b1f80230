package org.fsneurons.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.neuron.FsParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits FS coefficients to a target.
 *
 * <ol>
 *   <li><b>Restarts</b> (in parallel on a fixed pool of {@link FitOptions#effectiveThreads()}
 *       threads): restart r takes its start point ({@link Initialisations}: the paper's sets with
 *       the same K, binary codes, then perturbations and random codes) and its own random numbers
 *       (the r-th split of {@code new SplittableRandom(seed)}), runs Adam on the surrogate loss
 *       ({@link Surrogate}; learning rate W·10^u, u uniform in [-3.3, -2], W the input range's
 *       width; the official code draws 0.09..0.5 for unit-scale inputs) with early stopping on the
 *       validation points (exact objective with least-squares d, checked every 25 iterations, stop
 *       after 400 iterations without improvement), then a coordinate search on the exact float32
 *       objective ({@link Polisher}). Quantised fits also try h, T refined off the grid and then
 *       rounded, and keep the better start for the search on the grid.
 *   <li><b>Finalists</b>: the best few restarts get a longer coordinate search.
 *   <li><b>Choice</b>: every restart result and finalist is measured with {@link
 *       Approximation#measure} on the weighting's measurement points (the numbers {@code ./fs
 *       approx} prints); the lowest true MSE + spike weight · mean spikes wins (ties: lowest
 *       restart number).
 * </ol>
 *
 * <p>Determinism: without a time limit, or when the limit is not reached, the result depends only
 * on the request (each restart uses only its own split of the seed, results are combined in restart
 * order; thread count and timing do not matter). When the time limit is reached, restarts not yet
 * started are skipped and running ones stop early, so the result then depends on the machine's
 * speed and load ({@link FitResult#timeLimitHit()} says so).
 */
public final class FsFitter {
  private static final Logger LOG = LoggerFactory.getLogger(FsFitter.class);
  private static final int CHECK_EVERY = 25;
  private static final int PATIENCE = 400;

  private FsFitter() {}

  /**
   * The tool version recorded in provenance ({@code fsneurons <version>}, or {@code dev} outside a
   * jar).
   */
  public static String version() {
    String v = FsFitter.class.getPackage().getImplementationVersion();
    return "fsneurons " + (v == null ? "dev" : v);
  }

  /** One restart's (or finalist's) outcome. */
  private record Candidate(
      int index,
      String origin,
      float[] h,
      float[] T,
      float[] d,
      double objective,
      double mse,
      double spikes) {}

  /** Shared, read-only data of a fit. */
  private record Data(
      FitRequest req,
      PointSet train,
      double[] yTrain,
      PointSet sur,
      double[] ySur,
      PointSet val,
      double[] yVal,
      double width,
      Deadline deadline) {
    ExactObjective exact() {
      return new ExactObjective(train.x(), yTrain, train.w(), req.k(), req.options().spikeWeight());
    }
  }

  /** Runs the fit; progress goes to {@code listener}. */
  public static FitResult fit(FitRequest req, FitListener listener) {
    long t0 = System.nanoTime();
    FitOptions o = req.options();
    double limit = o.timeLimitSeconds();
    Deadline deadline =
        limit > 0 ? Deadline.after(limit - Math.min(2.0, 0.1 * limit)) : Deadline.never();
    InputWeighting wt = req.weighting();
    PointSet train = wt.trainingPoints(o.exactPoints());
    PointSet sur = train.coarsen(o.surrogatePoints());
    PointSet val = wt.validationPoints(Math.max(2000, o.surrogatePoints()));
    double[] range = wt.range();
    Data data =
        new Data(
            req,
            train,
            values(req.target(), train),
            sur,
            values(req.target(), sur),
            val,
            values(req.target(), val),
            range[1] - range[0],
            deadline);

    List<Initialisations.Start> base =
        Initialisations.base(req.target(), req.k(), range, data.exact(), req.quantization());
    SplittableRandom root = new SplittableRandom(o.seed());
    int restarts = o.restarts();
    SplittableRandom[] rngs = new SplittableRandom[restarts];
    for (int r = 0; r < restarts; r++) {
      rngs[r] = root.split();
    }
    SplittableRandom[] finalRngs = new SplittableRandom[o.finalists()];
    for (int f = 0; f < finalRngs.length; f++) {
      finalRngs[f] = root.split();
    }
    int total = restarts + o.finalists();
    Progress progress = new Progress(listener, total, t0);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            o.effectiveThreads(),
            r -> {
              Thread th = new Thread(r, "fs-fit");
              th.setDaemon(true);
              return th;
            });
    try {
      List<Future<Candidate>> futures = new ArrayList<>();
      for (int r = 0; r < restarts; r++) {
        final int rr = r;
        futures.add(
            pool.submit(
                () -> {
                  if (deadline.passed()) {
                    return null;
                  }
                  Initialisations.Start start =
                      rr < base.size()
                          ? base.get(rr)
                          : Initialisations.random(
                              rr - base.size(), base, range, req.k(), rngs[rr]);
                  Candidate c = restart(rr, start, data, rngs[rr]);
                  progress.done("restarts", c);
                  return c;
                }));
      }
      List<Candidate> results = collect(futures);
      int completed = results.size();
      boolean hit = deadline.passed();
      if (results.isEmpty()) {
        // not even one restart finished in time: take the best base start as it is
        Polisher p = new Polisher(data.exact(), req.quantization(), deadline);
        Initialisations.Start s = base.get(0);
        Polisher.Point pt = p.evaluate(s.h(), s.T(), s.d());
        results.add(candidate(0, s.origin(), pt, data.exact()));
      }
      List<Candidate> ranked = new ArrayList<>(results);
      ranked.sort(
          Comparator.comparingDouble(Candidate::objective).thenComparingInt(Candidate::index));
      List<Future<Candidate>> finals = new ArrayList<>();
      for (int f = 0; f < Math.min(o.finalists(), ranked.size()); f++) {
        final Candidate c = ranked.get(f);
        final SplittableRandom rng = finalRngs[f];
        finals.add(
            pool.submit(
                () -> {
                  if (deadline.passed()) {
                    return null;
                  }
                  Candidate p = finalPolish(c, data, rng);
                  progress.done("finalists", p);
                  return p;
                }));
      }
      List<Candidate> pool2 = new ArrayList<>(collect(finals));
      pool2.addAll(ranked.subList(0, Math.min(ranked.size(), Math.max(1, o.finalists()))));
      hit = hit || deadline.passed();
      return choose(req, pool2, completed, hit, t0);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Candidate> collect(List<Future<Candidate>> futures) {
    List<Candidate> out = new ArrayList<>();
    for (Future<Candidate> f : futures) {
      try {
        Candidate c = f.get();
        if (c != null) {
          out.add(c);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("fit interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("fit failed", e.getCause());
      }
    }
    return out;
  }

  private static double[] values(FitTarget target, PointSet p) {
    return values(target, p.x());
  }

  private static double[] values(FitTarget target, float[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = target.apply(x[i]);
    }
    return y;
  }

  /**
   * One restart: Adam on the surrogate with early stopping, then coordinate search on the exact
   * objective.
   */
  private static Candidate restart(
      int index, Initialisations.Start start, Data data, SplittableRandom rng) {
    FitRequest req = data.req();
    FitOptions o = req.options();
    Quantization quant = req.quantization();
    int k = req.k();
    Surrogate sur =
        new Surrogate(
            k,
            toDouble(data.sur().x()),
            data.ySur(),
            data.sur().w(),
            o.voltageWeight(),
            o.spikeWeight(),
            quant,
            false);
    ExactObjective val =
        new ExactObjective(data.val().x(), data.yVal(), data.val().w(), k, o.spikeWeight());
    double[] theta = new double[3 * k];
    for (int t = 0; t < k; t++) {
      theta[t] = start.h()[t];
      theta[k + t] = start.T()[t];
      theta[2 * k + t] = start.d()[t];
    }
    double[] best = theta.clone();
    double bestVal = validation(theta, val, quant, k);
    int bestIt = 0;
    double lr = data.width() * StrictMath.pow(10, -3.3 + 1.3 * rng.nextDouble());
    Adam adam = new Adam(3 * k, lr, 0.9, 0.999, 1e-8);
    double[] h = new double[k];
    double[] T = new double[k];
    double[] d = new double[k];
    double[] gh = new double[k];
    double[] gT = new double[k];
    double[] gd = new double[k];
    double[] g = new double[3 * k];
    for (int it = 1; it <= o.adamIterations() && !data.deadline().passed(); it++) {
      System.arraycopy(theta, 0, h, 0, k);
      System.arraycopy(theta, k, T, 0, k);
      System.arraycopy(theta, 2 * k, d, 0, k);
      sur.lossAndGradient(h, T, d, gh, gT, gd);
      System.arraycopy(gh, 0, g, 0, k);
      System.arraycopy(gT, 0, g, k, k);
      System.arraycopy(gd, 0, g, 2 * k, k);
      adam.step(theta, g);
      if (it % CHECK_EVERY == 0) {
        double f = validation(theta, val, quant, k);
        if (f < bestVal) {
          bestVal = f;
          best = theta.clone();
          bestIt = it;
        } else if (it - bestIt >= PATIENCE) {
          break;
        }
      }
    }
    ExactObjective exact = data.exact();
    Polisher pol = new Polisher(exact, quant, data.deadline());
    Polisher.Point p =
        Initialisations.withD(
            floats(best, 0, k), floats(best, k, k), floats(best, 2 * k, k), exact, quant);
    long budget = o.polishEvaluations();
    if (quant != null) {
      // second start: refine h, T without the grid (least-squares d), then round everything onto
      // the grid
      Polisher free = new Polisher(exact, null, data.deadline());
      Polisher.Point f =
          free.evaluate(floats(best, 0, k), floats(best, k, k), floats(best, 2 * k, k));
      f = free.search(f, 0.0025 * data.width(), 1e-6 * data.width(), budget / 3, rng);
      Polisher.Point fq = Initialisations.withD(f.h(), f.T(), f.d(), exact, quant);
      if (fq.objective() < p.objective()) {
        p = fq;
      }
      budget -= budget / 3;
    }
    p = pol.search(p, 0.0025 * data.width(), 1e-6 * data.width(), budget, rng);
    String origin = start.origin() + (bestIt > 0 ? "+adam" + bestIt : "");
    return candidate(index, origin, p, exact);
  }

  /** The longer coordinate search of a finalist: repeated passes while they still improve. */
  private static Candidate finalPolish(Candidate c, Data data, SplittableRandom rng) {
    ExactObjective exact = data.exact();
    Polisher pol = new Polisher(exact, data.req().quantization(), data.deadline());
    Polisher.Point p = pol.evaluate(c.h(), c.T(), c.d());
    long budget = data.req().options().finalEvaluations();
    double step = 0.0025 * data.width();
    while (exact.evaluations() < budget && !data.deadline().passed()) {
      Polisher.Point q =
          pol.search(p, step, 1e-6 * data.width(), budget - exact.evaluations(), rng);
      boolean better = q.objective() < p.objective() * (1 - 1e-5);
      if (q.objective() < p.objective()) {
        p = q;
      }
      if (!better) {
        if (step < 0.0003 * data.width()) {
          break;
        }
        step *= 0.25;
      }
    }
    return candidate(c.index(), c.origin() + "+final", p, exact);
  }

  private static Candidate candidate(
      int index, String origin, Polisher.Point p, ExactObjective exact) {
    exact.evaluate(p.h(), p.T(), p.d());
    return new Candidate(
        index,
        origin,
        p.h(),
        p.T(),
        p.d(),
        exact.lastMse() + exact.spikeWeight() * exact.lastSpikes(),
        exact.lastMse(),
        exact.lastSpikes());
  }

  private static double validation(double[] theta, ExactObjective val, Quantization quant, int k) {
    float[] h = floats(theta, 0, k);
    float[] T = floats(theta, k, k);
    float[] d = floats(theta, 2 * k, k);
    if (quant != null) {
      for (int t = 0; t < k; t++) {
        h[t] = quant.quantize(h[t]);
        T[t] = quant.quantize(T[t]);
        d[t] = quant.quantize(d[t]);
      }
    }
    return val.objective(h, T, d, quant);
  }

  private static FitResult choose(
      FitRequest req, List<Candidate> candidates, int completed, boolean hit, long t0) {
    float[] xs = req.weighting().evaluationPoints();
    double[] ys = values(req.target(), xs);
    double sw = req.options().spikeWeight();
    Candidate best = null;
    ApproxStats bestStats = null;
    double bestTrue = Double.POSITIVE_INFINITY;
    candidates.sort(Comparator.comparingInt(Candidate::index).thenComparing(Candidate::origin));
    for (Candidate c : candidates) {
      ApproxStats st = Approximation.measure(new FsParams(c.h(), c.T(), c.d()), xs, ys);
      double f = st.mse() + sw * st.meanSpikes();
      if (f < bestTrue) {
        bestTrue = f;
        best = c;
        bestStats = st;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    FitOptions o = req.options();
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put(
        "source",
        "fs-fit: surrogate-gradient Adam (official pseudo-derivative) + exact coordinate search");
    prov.put("tool", version());
    prov.put("target", req.target().describe());
    prov.put("k", req.k());
    prov.put("weighting", req.weighting().describe());
    prov.put("quantization", req.quantization() == null ? "none" : req.quantization().describe());
    prov.put("loss", best.objective());
    prov.put("mse", bestStats.mse());
    prov.put("max_abs_error", bestStats.maxAbsError());
    prov.put("mean_spikes", bestStats.meanSpikes());
    prov.put("measured_on", bestStats.points() + " points of " + req.weighting().describe());
    prov.put("seed", o.seed());
    prov.put("restarts", o.restarts());
    prov.put("restarts_completed", completed);
    prov.put("start", best.origin());
    prov.put("voltage_weight", o.voltageWeight());
    prov.put("spike_weight", o.spikeWeight());
    prov.put("seconds", Math.round(seconds * 10) / 10.0);
    prov.put("time_limit_seconds", o.timeLimitSeconds());
    prov.put("time_limit_hit", hit);
    CoefficientSet set =
        new CoefficientSet(
            req.name(), req.target().function(), new FsParams(best.h(), best.T(), best.d()), prov);
    LOG.debug(
        "fit {} done: {}",
        req.name(),
        String.format(
            Locale.ROOT,
            "mse %.4g, spikes %.3f, %.1f s",
            bestStats.mse(),
            bestStats.meanSpikes(),
            seconds));
    return new FitResult(set, bestStats, best.objective(), completed, o.restarts(), seconds, hit);
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  private static float[] floats(double[] a, int from, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) a[from + i];
    }
    return f;
  }

  /**
   * Serialises progress reports (done strictly increasing) and tracks the best objective so far.
   */
  private static final class Progress {
    private final FitListener listener;
    private final int total;
    private final long t0;
    private final AtomicInteger done = new AtomicInteger();
    private double bestObjective = Double.POSITIVE_INFINITY;
    private double bestMse = Double.NaN;
    private double bestSpikes = Double.NaN;

    Progress(FitListener listener, int total, long t0) {
      this.listener = listener == null ? FitListener.NONE : listener;
      this.total = total;
      this.t0 = t0;
    }

    synchronized void done(String phase, Candidate c) {
      if (c.objective() < bestObjective) {
        bestObjective = c.objective();
        bestMse = c.mse();
        bestSpikes = c.spikes();
      }
      listener.onProgress(
          new FitProgress(
              phase,
              done.incrementAndGet(),
              total,
              bestObjective,
              bestMse,
              bestSpikes,
              (System.nanoTime() - t0) / 1e9));
    }
  }
}
