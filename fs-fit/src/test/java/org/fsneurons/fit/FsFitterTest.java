package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;

class FsFitterTest {
  /** Small budgets: each fit takes well under a few seconds. */
  private static FitOptions small(long seed) {
    return FitOptions.defaults()
        .withSeed(seed)
        .withRestarts(4)
        .withBudget(200, 600, 1, 1500)
        .withPoints(400, 2000);
  }

  private static FitRequest relu4(FitOptions o) {
    return new FitRequest(
        "relu4", FitTarget.of(TargetFunction.RELU), 4, new InputWeighting.Uniform(0, 1), null, o);
  }

  @Test
  void shortReluFitBeatsTheBinaryCode() {
    FitResult r = FsFitter.fit(relu4(small(1)), FitListener.NONE);
    float[] xs = InputPoints.uniform(0, 1, 100_000);
    // the FS-ReLU binary code h = T = d = 2^-(t+1) has mse ≈ (1/16)²/3 = 1.3e-3 here; output levels
    // at the cell
    // midpoints would give (1/16)²/12 = 3.26e-4. Measured with seed 1 and these budgets: 3.469e-4.
    ApproxStats st = Approximation.measure(r.set().params(), TargetFunction.RELU::apply, xs);
    ApproxStats binary =
        Approximation.measure(CoefficientSets.relu(1, 4).params(), TargetFunction.RELU::apply, xs);
    assertEquals(0.0013, binary.mse(), 1e-4);
    assertEquals(st.mse(), r.stats().mse(), 1e-15);
    assertTrue(st.mse() < 3.5e-4, "mse " + st.mse());
    assertTrue(st.meanSpikes() <= 4);
    CoefficientSet set = r.set();
    assertEquals("relu4", set.name());
    assertEquals(TargetFunction.RELU, set.target());
    assertEquals(st.mse(), ((Number) set.provenance().get("mse")).doubleValue());
    assertEquals(1L, ((Number) set.provenance().get("seed")).longValue());
    assertEquals("uniform[0.0, 1.0]", set.provenance().get("weighting"));
    assertFalse(r.timeLimitHit());
    // the file round-trips
    assertEquals(
        set.params(), CoefficientFiles.parse(CoefficientFiles.toJson(set), "test").params());
  }

  @Test
  void sameSeedGivesIdenticalCoefficientsWhateverTheThreadCount() {
    FitRequest a = relu4(small(7).withThreads(1));
    FitRequest b = relu4(small(7).withThreads(3));
    FsParams pa = FsFitter.fit(a, FitListener.NONE).set().params();
    FsParams pb = FsFitter.fit(b, FitListener.NONE).set().params();
    assertArrayEquals(pa.h(), pb.h());
    assertArrayEquals(pa.T(), pb.T());
    assertArrayEquals(pa.d(), pb.d());
    FsParams pc = FsFitter.fit(relu4(small(7).withThreads(1)), FitListener.NONE).set().params();
    assertEquals(pa, pc);
  }

  @Test
  void quantisedFitPutsEveryValueOnTheGrid() {
    Quantization q = new Quantization(4, -1, 1);
    FitRequest req =
        new FitRequest(
            "q",
            FitTarget.of(TargetFunction.SIGMOID),
            6,
            new InputWeighting.Uniform(-4, 4),
            q,
            small(3));
    FitResult r = FsFitter.fit(req, FitListener.NONE);
    FsParams p = r.set().params();
    for (float[] a : new float[][] {p.h(), p.T(), p.d()}) {
      for (float v : a) {
        assertTrue(q.onGrid(v), v + " is not on the grid " + q.describe());
        int j = q.index(v);
        assertEquals(q.level(j), v);
      }
    }
    assertTrue(
        r.set().provenance().get("quantization").toString().startsWith("4 bits in [-1.0, 1.0]"));
    // sigmoid outputs lie in (0, 1): with 4-bit d (grid step 2/15) the fit must still beat a
    // constant 0.5
    assertTrue(r.stats().mse() < 0.02, "mse " + r.stats().mse());
  }

  @Test
  void listenerSeesIncreasingProgress() {
    List<FitProgress> seen = new ArrayList<>();
    FitResult r = FsFitter.fit(relu4(small(2)), seen::add);
    assertEquals(5, seen.size()); // 4 restarts + 1 finalist
    for (int i = 0; i < seen.size(); i++) {
      FitProgress p = seen.get(i);
      assertEquals(i + 1, p.done());
      assertEquals(5, p.total());
      if (i > 0) {
        assertTrue(p.bestObjective() <= seen.get(i - 1).bestObjective());
        assertTrue(p.seconds() >= seen.get(i - 1).seconds());
      }
    }
    assertEquals("finalists", seen.get(4).phase());
    assertEquals(4, r.restartsCompleted());
  }

  @Test
  void timeLimitStopsTheFitAndSaysSo() {
    FitOptions o = FitOptions.defaults().withRestarts(500).withTimeLimit(1.0);
    FitResult r =
        FsFitter.fit(
            new FitRequest(
                "s",
                FitTarget.of(TargetFunction.SWISH),
                8,
                new InputWeighting.Uniform(-8, 12),
                null,
                o),
            FitListener.NONE);
    // no wall-clock assertion: the limit shows in what the fit did (500 restarts take minutes; the
    // limit stops it)
    assertTrue(r.timeLimitHit());
    assertTrue(r.restartsCompleted() < 500, "restarts " + r.restartsCompleted());
    assertTrue(Boolean.TRUE.equals(r.set().provenance().get("time_limit_hit")));
  }

  @Test
  void fitsSamplesFromAFunctionTable() {
    double[] xs = new double[41];
    double[] ys = new double[41];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -4 + 0.2 * i;
      ys[i] = Math.tanh(xs[i]);
    }
    FitTarget t = new FitTarget.Samples("table", xs, ys);
    assertEquals(Math.tanh(0.2), t.apply(0.2), 1e-15);
    assertEquals((Math.tanh(0.2) + Math.tanh(0.4)) / 2, t.apply(0.3), 1e-15);
    assertEquals(Math.tanh(4), t.apply(10), 1e-15);
    FitResult r =
        FsFitter.fit(
            new FitRequest("tab", t, 6, new InputWeighting.Uniform(-4, 4), null, small(1)),
            FitListener.NONE);
    assertEquals(null, r.set().target());
    assertTrue(r.stats().mse() < 0.01, "mse " + r.stats().mse());
  }
}
