package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;

class ExactObjectiveTest {
  @Test
  void evaluateIsTheMseThatApproxMeasures() {
    // the paper's swish set on [-8, 12]: ./fs approx prints mse 0.003445..., mean spikes 4.169
    CoefficientSet swish = CoefficientSets.bundled("swish");
    float[] x = InputPoints.uniform(-8, 12, 100_000);
    double[] y = new double[x.length];
    double[] w = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = swish.target().apply(x[i]);
      w[i] = 1.0 / x.length;
    }
    ExactObjective obj = new ExactObjective(x, y, w, 16, 0);
    FsParams p = swish.params();
    ApproxStats st = Approximation.measure(p, swish.target()::apply, x);
    assertEquals(st.mse(), obj.evaluate(p.h(), p.T(), p.d()), 1e-12);
    assertEquals(st.meanSpikes(), obj.lastSpikes(), 1e-9);
    assertEquals(0.003446, st.mse(), 1e-6);
  }

  @Test
  void leastSquaresDIsOptimalForFixedHAndT() {
    CoefficientSet swish = CoefficientSets.bundled("swish");
    float[] x = InputPoints.uniform(-8, 12, 20_000);
    double[] y = new double[x.length];
    double[] w = new double[x.length];
    Arrays.fill(w, 1.0 / x.length);
    for (int i = 0; i < x.length; i++) {
      y[i] = swish.target().apply(x[i]);
    }
    ExactObjective obj = new ExactObjective(x, y, w, 16, 0);
    FsParams p = swish.params();
    float[] d = new float[16];
    double solved = obj.solveD(p.h(), p.T(), d);
    // measured: the paper's h and T with least-squares d give 0.003202 instead of 0.003446; the
    // normal-equation
    // value differs from the float32 forward pass by the rounding of the output sum (1.4e-9 here)
    assertEquals(obj.evaluate(p.h(), p.T(), d), solved, 1e-8);
    assertTrue(solved < obj.evaluate(p.h(), p.T(), p.d()));
    for (int t = 0; t < 16; t++) {
      for (float delta : new float[] {-1e-3f, 1e-3f}) {
        float[] dd = d.clone();
        dd[t] += delta;
        assertTrue(obj.evaluate(p.h(), p.T(), dd) >= solved - 1e-12, "d[" + t + "] + " + delta);
      }
    }
  }
}
