package org.fsneurons.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;

/** The one rule of a mapping, shared by {@code --map KIND=SET} and experiments.yaml's map. */
class ConversionOptionsTest {
  @Test
  void entriesOverrideTheDefaultsInOrder() {
    var m =
        ConversionOptions.mapping(List.of("Relu=keep", "Gelu=gelu", "relu=swish_fit16"), "--map");
    assertEquals("swish_fit16", m.get(ActivationKind.RELU).orElseThrow().name());
    assertEquals("gelu", m.get(ActivationKind.GELU).orElseThrow().name());
    assertEquals("swish", m.get(ActivationKind.SWISH).orElseThrow().name()); // a default left
    assertEquals(
        Optional.empty(),
        ConversionOptions.mapping(List.of("Sigmoid= KEEP "), "--map").get(ActivationKind.SIGMOID));
  }

  @Test
  void mistakesNameTheEntry() {
    assertEquals(
        "--map: expected KIND=SET or KIND=keep, found 'Relu'",
        assertThrows(
                UserInputException.class, () -> ConversionOptions.mapping(List.of("Relu"), "--map"))
            .getMessage());
    assertEquals(
        "--map Relu=nope: unknown coefficient set 'nope': not a bundled set ("
            + String.join(", ", CoefficientSets.bundledNames())
            + ") and no such file",
        assertThrows(
                UserInputException.class,
                () -> ConversionOptions.mapping(List.of("Relu=nope"), "--map"))
            .getMessage());
    String kind =
        assertThrows(
                UserInputException.class,
                () -> ConversionOptions.mapping(List.of("Frobnicate=relu"), "--map"))
            .getMessage();
    assertTrue(kind.startsWith("--map Frobnicate=relu: "), kind);
  }

  @Test
  void aLoadersOwnMessageNamingThePlaceIsKept() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                ConversionOptions.mapping(
                    List.of(Map.entry("Relu", "f.json")),
                    "map",
                    (kind, set) -> {
                      throw new UserInputException("map Relu 'f.json': not a coefficient file");
                    }));
    assertEquals("map Relu 'f.json': not a coefficient file", e.getMessage());
  }
}
