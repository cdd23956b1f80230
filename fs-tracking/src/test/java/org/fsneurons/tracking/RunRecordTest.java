package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RunRecord#of}: a results row split into params and metrics. */
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
}
