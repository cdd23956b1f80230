package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RunRecord#of}: a results row split into params and metrics; {@link RunRecord.Builder}:
 * every component by name, and the record's checks through build().
 */
class RunRecordTest {
  @Test
  void numbersAreMetricsExceptTheKeysNamedAsParamsAndOrderIsKept() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("relu_k", 8);
    row.put("alpha", "99.9");
    row.put("fs_top1", 0.9125);
    row.put("note", null);
    row.put("spikes_per_neuron", 1.5f);
    RunRecord r =
        RunRecord.of(
            "1-sweep-1",
            "fsneurons",
            "K=8 99.9",
            5L,
            9L,
            row,
            Set.of("relu_k"),
            Map.of("fs.kind", "sweep"),
            null);
    assertEquals(List.of("relu_k", "alpha", "note"), List.copyOf(r.params().keySet()));
    assertEquals(Map.of("relu_k", "8", "alpha", "99.9", "note", "null"), r.params());
    assertEquals(List.of("fs_top1", "spikes_per_neuron"), List.copyOf(r.metrics().keySet()));
    assertEquals(0.9125, r.metrics().get("fs_top1"));
    assertEquals(1.5, r.metrics().get("spikes_per_neuron"));
    assertEquals(Map.of("fs.kind", "sweep"), r.tags());
    assertEquals(5L, r.startMs());
    assertEquals(9L, r.endMs());
    assertNull(r.artifactDir());
    assertNull(r.parentLocalId());
  }

  /** A record with every component set (none at its builder default). */
  private static RunRecord allSet() {
    return RunRecord.builder("7-fit", "fsneurons", "fit relu")
        .startMs(5L)
        .endMs(9L)
        .params(Map.of("k", "4"))
        .metrics(Map.of("mse", 0.25))
        .tags(Map.of("fs.kind", "fit"))
        .artifactDir(Path.of("art"))
        .models(Map.of("fs_model", Path.of("m.onnx")))
        .inputs(List.of(new DatasetInput("d", "abc", "{}", "local", null, "eval")))
        .parentLocalId("6-sweep")
        .build();
  }

  @Test
  void builderSetsEveryComponentByName() {
    RunRecord r = allSet();
    assertEquals("7-fit", r.localId());
    assertEquals("fsneurons", r.mlflowExperiment());
    assertEquals("fit relu", r.runName());
    assertEquals(5L, r.startMs());
    assertEquals(9L, r.endMs());
    assertEquals(Map.of("k", "4"), r.params());
    assertEquals(Map.of("mse", 0.25), r.metrics());
    assertEquals(Map.of("fs.kind", "fit"), r.tags());
    assertEquals(Path.of("art"), r.artifactDir());
    assertEquals(Map.of("fs_model", Path.of("m.onnx")), r.models());
    assertEquals(List.of(new DatasetInput("d", "abc", "{}", "local", null, "eval")), r.inputs());
    assertEquals("6-sweep", r.parentLocalId());
  }

  @Test
  void toBuilderRoundTripsEveryComponent() {
    RunRecord r = allSet();
    assertEquals(r, r.toBuilder().build());
  }

  @Test
  void builderDefaultsAreTheNineArgumentConstructors() {
    assertEquals(
        new RunRecord("1", "e", "n", 0L, 0L, Map.of(), Map.of(), Map.of(), null),
        RunRecord.builder("1", "e", "n").build());
  }

  @Test
  void withMethodsChangeOnlyTheirComponents() {
    RunRecord r = allSet();
    assertEquals(r.toBuilder().artifactDir(null).build(), r.withArtifactDir(null));
    assertEquals(r.toBuilder().models(Map.of()).build(), r.withModels(Map.of()));
    assertEquals(r.toBuilder().inputs(List.of()).build(), r.withInputs(List.of()));
    assertEquals(r.toBuilder().parentLocalId("5").build(), r.withParent("5"));
  }

  @Test
  void buildChecksAsTheConstructorDoes() {
    assertEquals(
        "localId",
        assertThrows(NullPointerException.class, () -> RunRecord.builder(null, "e", "n").build())
            .getMessage());
    assertEquals(
        "model artifact path 'a/b': expected letters, digits, '_', '.', '-' (at most 100, e.g."
            + " fs_model)",
        assertThrows(
                IllegalArgumentException.class,
                () -> allSet().toBuilder().models(Map.of("a/b", Path.of("m.onnx"))).build())
            .getMessage());
    assertEquals(
        "run 7-fit cannot be its own parent",
        assertThrows(
                IllegalArgumentException.class,
                () -> allSet().toBuilder().parentLocalId("7-fit").build())
            .getMessage());
  }
}
