package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tags and markdown note of a tracked run. */
class RunTagsTest {
  private static final Provenance P = new Provenance("abc", "17", "dev", "1.29.0", "host");

  @Test
  void tagsComeInOrderAndTheNoteListsStatusReasonSourceAndExpectations() {
    Map<String, String> t =
        new RunTags(P, "swish", "approximation", "failed", "mse too big", "20250102-swish")
            .labels(List.of("quick", "paper"))
            .source("official README")
            .put("fs.check.mse", "failed")
            .expectation("mse", "<= 0.0036", 0.5)
            .expectation("k", "= 16", null)
            .build("fs run");
    assertEquals("abc", t.get("git.commit"));
    assertEquals("quick,paper", t.get("fs.tags"));
    assertEquals("true", t.get("fs.tag.paper"));
    assertEquals("LOCAL", t.get("mlflow.source.type"));
    assertEquals(
        "**failed**: mse too big\n\nsource: official README"
            + "\n\n- mse: expected <= 0.0036, got 0.5\n\n- k: expected = 16, got -",
        t.get("mlflow.note.content"));
    List<String> keys = new ArrayList<>(t.keySet());
    assertEquals(
        List.of(
            "fs.experiment",
            "fs.kind",
            "fs.status",
            "fs.reason",
            "fs.local_id",
            "fs.tags",
            "fs.tag.quick",
            "fs.tag.paper",
            "fs.source",
            "fs.check.mse",
            "mlflow.source.name",
            "mlflow.source.type"),
        keys.subList(P.tags().size(), P.tags().size() + 12));
    assertEquals("mlflow.note.content", keys.get(keys.size() - 1));
  }

  @Test
  void anEmptyReasonAndSourceAreLeftOut() {
    Map<String, String> t =
        new RunTags(P, "n", "neurons", "measured", "", "id")
            .labels(List.of())
            .source("")
            .build("x");
    assertFalse(t.containsKey("fs.reason"));
    assertFalse(t.containsKey("fs.source"));
    assertEquals("", t.get("fs.tags"));
    assertEquals("**measured**", t.get("mlflow.note.content"));
  }
}
