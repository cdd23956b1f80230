package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link FitOptions.Builder}: every component by name, and the record's checks through build(). */
class FitOptionsTest {
  /** A value different from the default in every component. */
  private static FitOptions allSet() {
    return FitOptions.builder()
        .seed(7)
        .restarts(5)
        .timeLimitSeconds(2.5)
        .threads(3)
        .voltageWeight(0.08)
        .spikeWeight(0.01)
        .adamIterations(11)
        .surrogatePoints(12)
        .exactPoints(13)
        .polishEvaluations(14)
        .finalists(2)
        .finalEvaluations(15)
        .build();
  }

  @Test
  void builderSetsEveryComponentByName() {
    FitOptions o = allSet();
    assertEquals(7, o.seed());
    assertEquals(5, o.restarts());
    assertEquals(2.5, o.timeLimitSeconds());
    assertEquals(3, o.threads());
    assertEquals(0.08, o.voltageWeight());
    assertEquals(0.01, o.spikeWeight());
    assertEquals(11, o.adamIterations());
    assertEquals(12, o.surrogatePoints());
    assertEquals(13, o.exactPoints());
    assertEquals(14, o.polishEvaluations());
    assertEquals(2, o.finalists());
    assertEquals(15, o.finalEvaluations());
  }

  @Test
  void toBuilderRoundTripsEveryComponent() {
    FitOptions o = allSet();
    assertEquals(o, o.toBuilder().build());
    assertEquals(FitOptions.defaults(), FitOptions.defaults().toBuilder().build());
  }

  /** The values the 12-argument defaults() had before the builder (the CLI's defaults). */
  @Test
  void builderStartsFromTheDefaults() {
    FitOptions d = new FitOptions(1, 24, 0, 0, 0.1, 0, 1500, 2000, 20000, 6000, 3, 60000);
    assertEquals(d, FitOptions.defaults());
    assertEquals(d, FitOptions.builder().build());
  }

  @Test
  void withMethodsChangeOnlyTheirComponents() {
    FitOptions o = allSet();
    assertEquals(o.toBuilder().seed(9).build(), o.withSeed(9));
    assertEquals(o.toBuilder().restarts(6).build(), o.withRestarts(6));
    assertEquals(o.toBuilder().timeLimitSeconds(4).build(), o.withTimeLimit(4));
    assertEquals(o.toBuilder().threads(1).build(), o.withThreads(1));
    assertEquals(o.toBuilder().voltageWeight(0.12).build(), o.withVoltageWeight(0.12));
    assertEquals(o.toBuilder().spikeWeight(0.5).build(), o.withSpikeWeight(0.5));
    assertEquals(
        o.toBuilder()
            .adamIterations(21)
            .polishEvaluations(22)
            .finalists(1)
            .finalEvaluations(23)
            .build(),
        o.withBudget(21, 22, 1, 23));
    assertEquals(o.toBuilder().surrogatePoints(31).exactPoints(32).build(), o.withPoints(31, 32));
  }

  @Test
  void buildChecksAsTheConstructorDoes() {
    assertMessage("restarts must be at least 1, found 0", FitOptions.builder().restarts(0));
    assertMessage(
        "time limit must be finite and >= 0 seconds (0: none), found -1.0",
        FitOptions.builder().timeLimitSeconds(-1));
    assertMessage(
        "time limit must be finite and >= 0 seconds (0: none), found Infinity",
        FitOptions.builder().timeLimitSeconds(Double.POSITIVE_INFINITY));
    assertMessage(
        "time limit must be finite and >= 0 seconds (0: none), found NaN",
        FitOptions.builder().timeLimitSeconds(Double.NaN));
    assertMessage(
        "threads must be >= 0 (0: all processors), found -2", FitOptions.builder().threads(-2));
    assertMessage(
        "regulariser weights must be >= 0, found voltage -0.1, spikes 0.0",
        FitOptions.builder().voltageWeight(-0.1));
    assertMessage(
        "regulariser weights must be >= 0, found voltage 0.1, spikes NaN",
        FitOptions.builder().spikeWeight(Double.NaN));
    String budgets = "iteration and evaluation budgets must be >= 0";
    assertMessage(budgets, FitOptions.builder().adamIterations(-1));
    assertMessage(budgets, FitOptions.builder().polishEvaluations(-1));
    assertMessage(budgets, FitOptions.builder().finalists(-1));
    assertMessage(budgets, FitOptions.builder().finalEvaluations(-1));
    assertMessage("need at least 2 training points", FitOptions.builder().surrogatePoints(1));
    assertMessage("need at least 2 training points", FitOptions.builder().exactPoints(1));
  }

  private static void assertMessage(String expected, FitOptions.Builder b) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, b::build).getMessage());
  }
}
