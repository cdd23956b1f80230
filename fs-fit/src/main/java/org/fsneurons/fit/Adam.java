package org.fsneurons.fit;

/**
 * Adam (Kingma &amp; Ba 2014, arXiv:1412.6980) on one flat parameter vector, for minimisation: m ←
 * β1 m + (1-β1) g; v ← β2 v + (1-β2) g²; θ ← θ - lr · m̂ / (√v̂ + ε) with the bias-corrected m̂,
 * v̂.
 *
 * <p>Own implementation rather than Tribuo's {@code org.tribuo.math.optimisers.Adam}: in the pinned
 * Tribuo 4.3.2 that class multiplies the step by (√v + ε) instead of dividing by it (fixed upstream
 * later, oracle/tribuo pull request 401), and it works on Tribuo's Tensor/Parameters types, which
 * add nothing for 3K plain numbers.
 */
final class Adam {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[] m;
  private final double[] v;
  private int step;

  Adam(int size, double lr, double beta1, double beta2, double eps) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new double[size];
    this.v = new double[size];
  }

  /** One update of {@code theta} in place from the gradient {@code g}. */
  void step(double[] theta, double[] g) {
    step++;
    double c1 = 1 - StrictMath.pow(beta1, step);
    double c2 = 1 - StrictMath.pow(beta2, step);
    for (int i = 0; i < theta.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      theta[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}
