package org.fsneurons.models.energy;

/**
 * Energy per operation, in picojoules: an accumulate (what a spike costs at each synapse it drives)
 * and a multiply-accumulate (what the ANN pays per weight use).
 *
 * @param acPj energy of one 32-bit float addition
 * @param macPj energy of one 32-bit float multiply-accumulate
 */
public record EnergyModel(double acPj, double macPj) {
  /** Horowitz's 45 nm 32-bit float add, picojoules. */
  public static final double HOROWITZ_AC_PJ = 0.9;

  /** Horowitz's 45 nm 32-bit float multiply-accumulate (3.7 + 0.9), picojoules. */
  public static final double HOROWITZ_MAC_PJ = 4.6;

  /**
   * The 45 nm figures commonly cited for SNN/ANN energy comparisons: 32-bit float add 0.9 pJ,
   * multiply 3.7 pJ, so 4.6 pJ per MAC (M. Horowitz, "Computing's energy problem", ISSCC 2014).
   */
  public static final EnergyModel HOROWITZ_45NM = new EnergyModel(HOROWITZ_AC_PJ, HOROWITZ_MAC_PJ);

  /** Where {@link #HOROWITZ_45NM} comes from. */
  public static final String HOROWITZ_SOURCE =
      "Horowitz, ISSCC 2014, 45 nm: 32-bit float add 0.9 pJ, multiply-accumulate 4.6 pJ";

  public EnergyModel {
    if (!(acPj > 0) || !Double.isFinite(acPj) || !(macPj > 0) || !Double.isFinite(macPj)) {
      throw new IllegalArgumentException(
          "energies must be positive and finite, found " + acPj + " and " + macPj);
    }
  }
}
