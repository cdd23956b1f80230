package org.fsneurons.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static final Map<String, String> ENV = Map.of("HOME_DIR", "/h", "EMPTY", "");

  @Test
  void substitutesSetVariablesAndDefaults() {
    assertEquals(
        new Interpolation.Result("/h/x", List.of()),
        Interpolation.substitute("${HOME_DIR}/x", ENV));
    assertEquals("/h", Interpolation.substitute("${HOME_DIR:-/d}", ENV).value());
    assertEquals("/d/x", Interpolation.substitute("${NOPE:-/d}/x", ENV).value());
    assertEquals(
        "/d",
        Interpolation.substitute("${EMPTY:-/d}", ENV).value(),
        "empty counts as unset, as in sh");
    assertEquals("", Interpolation.substitute("${NOPE:-}", ENV).value());
    assertEquals("a$b ${x} $5", Interpolation.substitute("a$b $${x} $5", ENV).value());
  }

  @Test
  void unsetVariablesStayAndAreReported() {
    Interpolation.Result r = Interpolation.substitute("${A}/${HOME_DIR}/${B}", ENV);
    assertEquals("${A}//h/${B}", r.value());
    assertEquals(List.of("A", "B"), r.unset());
  }

  @Test
  void malformedReferencesAreRejected() {
    for (String bad : new String[] {"${", "${A", "${A-x}", "${}", "${1A}", "x${A B}"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Interpolation.checkSyntax(bad), bad);
      assertEquals(true, e.getMessage().startsWith("bad variable reference '$"), e.getMessage());
    }
  }
}
