package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset inputs, parent/child runs and MLflow models against a real MLflow server
 * (MLFLOW_TRACKING_URI, which scripts/test.sh sets): what the tracker sends is read back through
 * MLflow's REST API.
 */
class RunLinksIntegrationTest {
  private static final Path HOME = Path.of("").toAbsolutePath().getParent();
  private static String uri;

  @TempDir Path dir;

  @BeforeAll
  static void server() {
    uri = System.getenv("MLFLOW_TRACKING_URI");
    assumeTrue(
        uri != null && !uri.isBlank(), "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
  }

  private static RunRecord record(String localId, String experiment) {
    return new RunRecord(
        localId,
        experiment,
        "run-" + localId,
        1_700_000_000_000L,
        1_700_000_001_000L,
        Map.of("k", "10"),
        Map.of("accuracy", 0.9459),
        Map.of("fs.status", "passed"),
        null);
  }

  private static DatasetInput fashionTest() {
    return new DatasetInput(
        "fashion-mnist:test",
        "0123456789abcdef0123456789abcdef",
        "{\"uri\": \"/usr/share/datasets/fashion-mnist\"}",
        "local",
        "{\"num_rows\": 10000}",
        "test");
  }

  private static List<JsonNode> inputs(JsonNode run) {
    List<JsonNode> out = new ArrayList<>();
    run.at("/inputs/dataset_inputs").forEach(out::add);
    return out;
  }

  @Test
  void datasetsAreRunInputsOnceEvenWhenTheUploadIsRepeated() throws Exception {
    String exp = "fs-it-" + UUID.randomUUID();
    DatasetInput cal =
        new DatasetInput(
            "fashion-mnist:train:1000",
            "fedcba9876543210fedcba9876543210",
            "{\"uri\": \"/usr/share/datasets/fashion-mnist\"}",
            "local",
            null,
            "calibration");
    RunRecord r = record("20250101T000000000Z-in", exp).withInputs(List.of(fashionTest(), cal));
    MlflowTracker t = new MlflowTracker(uri, HOME);
    String id = t.upload(r);
    // a sync completing the same run again (e.g. after a crash before FINISHED) logs them again
    assertEquals(id, t.upload(r, id, x -> {}));
    List<JsonNode> in = inputs(MlflowRest.run(uri, id));
    assertEquals(2, in.size(), in.toString());
    Map<String, JsonNode> byName = new HashMap<>();
    in.forEach(x -> byName.put(x.at("/dataset/name").asText(), x));
    JsonNode test = byName.get("fashion-mnist:test");
    assertEquals("0123456789abcdef0123456789abcdef", test.at("/dataset/digest").asText());
    assertEquals("local", test.at("/dataset/source_type").asText());
    assertEquals(
        "{\"uri\": \"/usr/share/datasets/fashion-mnist\"}", test.at("/dataset/source").asText());
    assertEquals("{\"num_rows\": 10000}", test.at("/dataset/profile").asText());
    assertEquals(Map.of("mlflow.data.context", "test"), MlflowRest.keyValues(test.at("/tags")));
    assertEquals(
        Map.of("mlflow.data.context", "calibration"),
        MlflowRest.keyValues(byName.get("fashion-mnist:train:1000").at("/tags")));
  }

  @Test
  void childrenNameTheirParentWhicheverIsUploadedFirst() throws Exception {
    String exp = "fs-it-" + UUID.randomUUID();
    MlflowTracker t = new MlflowTracker(uri, HOME);
    String early =
        t.upload(record("20250101T000000001Z-k5", exp).withParent("20250101T000000000Z-sweep"));
    assertNull(
        MlflowRest.tag(MlflowRest.run(uri, early), "mlflow.parentRunId"),
        "no parent in MLflow yet");
    String parent = t.upload(record("20250101T000000000Z-sweep", exp));
    String late =
        t.upload(record("20250101T000000002Z-k6", exp).withParent("20250101T000000000Z-sweep"));
    for (String child : List.of(early, late)) {
      JsonNode run = MlflowRest.run(uri, child);
      assertEquals(parent, MlflowRest.tag(run, "mlflow.parentRunId"));
      assertEquals("20250101T000000000Z-sweep", MlflowRest.tag(run, "fs.parent_local_id"));
    }
    assertNull(MlflowRest.tag(MlflowRest.run(uri, parent), "mlflow.parentRunId"));
    assertEquals(3, MlflowRest.runs(uri, exp, "ACTIVE_ONLY").size());
  }

  @Test
  void aSpooledChildGetsItsSpooledParentsRunIdAtSyncAndSpooledModelsAreLogged() throws Exception {
    String exp = "fs-it-" + UUID.randomUUID();
    Path model = Files.copy(HOME.resolve("models/fmnist-resnet20.onnx"), dir.resolve("ann.onnx"));
    Spool spool = new Spool(dir.resolve("spool"));
    // the child sorts first by local id, the parent has the model and the inputs
    spool.save(
        record("20250101T000000000Z-a-child", exp).withParent("20250101T000000009Z-z-parent"),
        null,
        "down");
    spool.save(
        record("20250101T000000009Z-z-parent", exp)
            .withModels(Map.of("fs_model", model))
            .withInputs(List.of(fashionTest())),
        null,
        "down");
    Files.delete(model); // the spool keeps its own copy
    List<Spool.Entry> entries = spool.entries();
    assertEquals(
        Map.of("fs_model", dir.resolve("spool/20250101T000000009Z-z-parent.models/fs_model.onnx")),
        entries.get(1).record().models());
    assertEquals(List.of(fashionTest()), entries.get(1).record().inputs());
    assertEquals("20250101T000000009Z-z-parent", entries.get(0).record().parentLocalId());

    StringWriter err = new StringWriter();
    Spool.SyncResult r = spool.sync(new MlflowTracker(uri, HOME), new PrintWriter(err, true));
    assertEquals(2, r.uploaded(), err.toString());
    String parent = r.runIds().get(0);
    String child = r.runIds().get(1);
    assertEquals(parent, MlflowRest.tag(MlflowRest.run(uri, child), "mlflow.parentRunId"));
    JsonNode p = MlflowRest.run(uri, parent);
    // sha256 of models/fmnist-resnet20.onnx as models/fmnist-resnet20.json records it
    assertEquals(
        "cbf7c52d3c1fe0bf2bbd621d295f7ad53e95a31fbae3da6c023530678f823de1",
        MlflowRest.tag(p, "fs.model.fs_model.sha256"));
    assertEquals(1, inputs(p).size());
    assertTrue(
        MlflowRest.tag(p, "mlflow.log-model.history").contains("\"artifact_path\": \"fs_model\""),
        MlflowRest.tag(p, "mlflow.log-model.history"));
    Map<String, Long> files = new HashMap<>();
    MlflowRest.get(uri, "/api/2.0/mlflow/artifacts/list?run_id=" + parent + "&path=fs_model")
        .path("files")
        .forEach(f -> files.put(f.get("path").asText(), f.path("file_size").asLong()));
    assertEquals(
        List.of(
            "fs_model/MLmodel",
            "fs_model/conda.yaml",
            "fs_model/model.onnx",
            "fs_model/python_env.yaml",
            "fs_model/requirements.txt"),
        files.keySet().stream().sorted().toList());
    assertTrue(
        files.get("fs_model/model.onnx") > 1_000_000, files.toString()); // the 1.1 MB ResNet-20
    assertFalse(Files.exists(dir.resolve("spool/20250101T000000009Z-z-parent.models")));
    assertEquals(List.of(), spool.entries());
  }
}
