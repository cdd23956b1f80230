package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
  private static JsonNode run(String id, String experiment, String metrics) throws Exception {
    String tags =
        experiment == null
            ? "[{\"key\":\"git.commit\",\"value\":\"abc\"}]"
            : "[{\"key\":\"fs.experiment\",\"value\":\""
                + experiment
                + "\"}"
                + ",{\"key\":\"fs.status\",\"value\":\"passed\"}]";
    return MlflowApi.JSON.readTree(
        "{\"info\":{\"run_id\":\""
            + id
            + "\",\"run_name\":\"name-"
            + id
            + "\",\"start_time\":1000},\"data\":{\"metrics\":"
            + metrics
            + ",\"tags\":"
            + tags
            + "}}");
  }

  @Test
  void readsTagsAndMetricsInOrder() throws Exception {
    RunSummary s =
        RunSummary.of(
            run("r1", "mnist", "[{\"key\":\"b\",\"value\":2},{\"key\":\"a\",\"value\":0.5}]"));
    assertEquals(1000, s.startMillis());
    assertEquals("r1", s.runId());
    assertEquals("mnist", s.experiment());
    assertEquals("", s.gitCommit());
    assertEquals("passed", s.status());
    assertEquals(List.of("b", "a"), List.copyOf(s.metrics().keySet()));
    assertEquals(0.5, s.metrics().get("a"));
  }

  @Test
  void withoutExperimentTagUsesRunName() throws Exception {
    RunSummary s = RunSummary.of(run("r2", null, "[]"));
    assertEquals("name-r2", s.experiment());
    assertEquals("abc", s.gitCommit());
    assertEquals("", s.status());
  }

  @Test
  void groupsByExperimentKeepingTheNewestLast() throws Exception {
    JsonNode runs =
        MlflowApi.JSON
            .createArrayNode()
            .add(run("1", "x", "[]"))
            .add(run("2", "y", "[]"))
            .add(run("3", "x", "[]"))
            .add(run("4", "x", "[]"));
    Map<String, List<RunSummary>> g = RunSummary.group(runs, 2);
    assertEquals(List.of("x", "y"), List.copyOf(g.keySet()));
    assertEquals(List.of("1", "3"), g.get("x").stream().map(RunSummary::runId).toList());
    assertEquals(List.of("2"), g.get("y").stream().map(RunSummary::runId).toList());
  }
}
