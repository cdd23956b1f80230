package org.fsneurons.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads {@link RunRecord}s to an MLflow tracking server: the run, its params, metrics and tags
 * over MLflow's REST API ({@link MlflowApi}), its datasets as run inputs ({@code runs/log-inputs}),
 * then its artifact folder with MLflow's Python artifact CLI ({@link PythonEnv#python}) and its
 * ONNX files as MLflow models ({@code log_models.py}: {@code mlflow.onnx.save_model}, onnx and
 * python_function flavors, so {@code mlflow models serve -m runs:/ID/NAME} serves them; the file's
 * SHA-256 goes to the tag {@link #modelShaTag}). A record with a parent gets the tags {@code
 * fs.parent_local_id} and, when the parent is in MLflow, {@code mlflow.parentRunId}; a parent
 * uploaded after its children sets theirs. Every server call is bounded by the timeout (default 30
 * s); the artifact upload by {@link #artifactTimeout()}, after which the subprocess is killed.
 *
 * <p>Each run is created with the tag {@code fs.local_id} (its {@link RunRecord#localId()}), so
 * that a run left RUNNING by a crash or a lost connection is found again: {@link #finish} completes
 * such a run instead of creating a second one.
 */
public final class MlflowTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);

  /**
   * Default for every tracker call (connect, answer); {@code --tracking-timeout} or
   * FS_TRACKING_TIMEOUT change it.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The tag that ties an MLflow run to its local id (rows in the results tables, spool entry). */
  public static final String LOCAL_ID_TAG = "fs.local_id";

  /**
   * MLflow 2.17 limits: param values 6000 characters, tag values 8000; batches of 100 params/tags.
   */
  /** MLflow's tag that makes a run the child of another (nested runs in the UI). */
  public static final String PARENT_RUN_ID_TAG = "mlflow.parentRunId";

  /**
   * The local id of a run's parent ({@link RunRecord#parentLocalId()}), kept so that a parent
   * uploaded later finds its children.
   */
  public static final String PARENT_LOCAL_ID_TAG = "fs.parent_local_id";

  /** The input tag that says what a dataset was used for. */
  public static final String DATA_CONTEXT_TAG = "mlflow.data.context";

  private static final String LOG_MODELS = "log_models.py";
  private static final int MAX_PARAM_VALUE = 6000;
  private static final int MAX_TAG_VALUE = 8000;
  private static final int BATCH = 100;

  private final String uri;
  private final Path fsHome;
  private final MlflowApi api;
  private final Map<String, String> experimentIds = new HashMap<>();

  /** Artifact URIs of the runs this tracker created or looked up. */
  private final Map<String, String> artifactUris = new ConcurrentHashMap<>();

  /** A tracker for the server at {@code uri} with the default timeout. */
  public MlflowTracker(String uri, Path fsHome) {
    this(uri, fsHome, DEFAULT_TIMEOUT);
  }

  /**
   * A tracker for the server at {@code uri} (http or https); {@code fsHome} locates the Python
   * environment for artifact uploads; {@code timeout} bounds each server call.
   */
  public MlflowTracker(String uri, Path fsHome, Duration timeout) {
    this.uri = checkUri(uri);
    this.fsHome = fsHome;
    this.api = new MlflowApi(this.uri, timeout);
  }

  /** Validates a tracking URI: an MLflow server over http(s). */
  public static String checkUri(String uri) {
    return checkUri(uri, "tracking URI");
  }

  /**
   * Validates a tracking URI given as {@code where} (a flag or variable name): an MLflow server
   * over http(s), with a port in 1..65535 if one is given; returns it without trailing slashes.
   */
  public static String checkUri(String uri, String where) {
    String u = uri == null ? "" : uri.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    String prefix =
        where
            + " '"
            + uri
            + "': expected the address of an MLflow server, http://HOST:PORT (e.g."
            + " http://127.0.0.1:5000), found ";
    if (!u.contains("://")) {
      throw new UserInputException(prefix + "no http:// or https:// prefix");
    }
    URI parsed;
    try {
      parsed = new URI(u);
    } catch (URISyntaxException e) {
      throw new UserInputException(prefix + "a malformed address (" + e.getReason() + ")");
    }
    String scheme = parsed.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new UserInputException(
          prefix + (scheme == null ? "no scheme" : "scheme '" + scheme + "'"));
    }
    if (parsed.getHost() == null) {
      throw new UserInputException(prefix + "no valid HOST:PORT");
    }
    int port = parsed.getPort();
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new UserInputException(prefix + "port " + port + " (ports are 1..65535)");
    }
    if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
      throw new UserInputException(prefix + "a query or fragment ('?', '#')");
    }
    return u;
  }

  public String uri() {
    return uri;
  }

  /** The bound of each server call. */
  public Duration timeout() {
    return api.timeout();
  }

  /**
   * The bound of one artifact upload (the Python subprocess, which starts an interpreter and
   * imports MLflow before its own server calls, each bounded by {@link #timeout()}): four times the
   * timeout, at least 10 s.
   */
  public Duration artifactTimeout() {
    Duration d = api.timeout().multipliedBy(4);
    return d.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : d;
  }

  /** The REST client (for searches). */
  public MlflowApi api() {
    return api;
  }

  /** Whether {@code GET /health} answers 200 within the timeout. */
  public boolean reachable(Duration timeout) {
    return api.healthy(timeout);
  }

  static boolean health(HttpClient http, String uri, Duration timeout) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(uri + "/health")).timeout(timeout).GET().build();
      return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
              .statusCode()
          == 200;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** The id of the MLflow experiment with this name, created (or restored) if needed. */
  public synchronized String experimentId(String name) throws TrackingException {
    String id = experimentIds.get(name);
    if (id != null) {
      return id;
    }
    Optional<JsonNode> e = findExperiment(name);
    if (e.isPresent()) {
      id = e.get().path("experiment_id").asText();
      if ("deleted".equals(e.get().path("lifecycle_stage").asText())) {
        api.post("experiments/restore", MlflowApi.object().put("experiment_id", id));
      }
    } else {
      try {
        id =
            api.post("experiments/create", MlflowApi.object().put("name", name))
                .path("experiment_id")
                .asText();
      } catch (TrackingException ex) {
        // created meanwhile by another process
        if (!"RESOURCE_ALREADY_EXISTS".equals(ex.errorCode())) {
          throw ex;
        }
        id = findExperiment(name).orElseThrow(() -> ex).path("experiment_id").asText();
      }
    }
    experimentIds.put(name, id);
    return id;
  }

  /**
   * The MLflow experiment with this name (its JSON: experiment_id, name, lifecycle_stage), active
   * or deleted.
   */
  public Optional<JsonNode> findExperiment(String name) throws TrackingException {
    ObjectNode q =
        MlflowApi.object()
            .put("filter", "name = " + quote(name))
            .put("view_type", "ALL")
            .put("max_results", 10);
    for (JsonNode x : api.post("experiments/search", q).path("experiments")) {
      if (x.path("name").asText().equals(name)) {
        return Optional.of(x);
      }
    }
    return Optional.empty();
  }

  /**
   * Creates one finished MLflow run from the record and returns its run id. On failure the
   * exception carries the id of the run if it was already created.
   */
  public String upload(RunRecord r) throws TrackingException {
    return upload(r, null, id -> {});
  }

  /**
   * Creates one finished MLflow run from the record, or completes {@code existingRunId} (a run
   * created earlier for the same record) when given, and returns the run id. {@code onCreated}
   * receives the id of a newly created run before any further server call (the spool records it
   * there). On failure the exception carries the run id.
   */
  public String upload(RunRecord r, String existingRunId, Consumer<String> onCreated)
      throws TrackingException {
    if (!reachable(api.timeout())) {
      throw new TrackingException(
          "MLflow server at " + uri + " is not reachable (GET /health failed)",
          null,
          existingRunId);
    }
    String runId = existingRunId;
    try {
      String exp = experimentId(r.mlflowExperiment());
      if (runId == null) {
        runId = createRun(exp, r);
        onCreated.accept(runId);
      }
      List<JsonNode> params = new ArrayList<>();
      r.params().forEach((k, v) -> params.add(kv(k, cut(v, MAX_PARAM_VALUE))));
      Map<String, String> tagValues = new LinkedHashMap<>(r.tags());
      tagValues.put(LOCAL_ID_TAG, r.localId());
      if (r.parentLocalId() != null) {
        tagValues.put(PARENT_LOCAL_ID_TAG, r.parentLocalId());
        parentRunId(exp, r.parentLocalId()).ifPresent(p -> tagValues.put(PARENT_RUN_ID_TAG, p));
      }
      for (Map.Entry<String, Path> m : r.models().entrySet()) {
        tagValues.put(modelShaTag(m.getKey()), DatasetInput.fileSha256(m.getValue()));
      }
      List<JsonNode> metrics = new ArrayList<>();
      List<String> nonFinite = new ArrayList<>();
      r.metrics()
          .forEach(
              (k, v) -> {
                if (Double.isFinite(v)) {
                  metrics.add(
                      MlflowApi.object()
                          .put("key", k)
                          .put("value", v)
                          .put("timestamp", r.endMs())
                          .put("step", 0));
                } else {
                  nonFinite.add(k + "=" + v);
                }
              });
      if (!nonFinite.isEmpty()) {
        tagValues.put("fs.nonfinite_metrics", String.join(", ", nonFinite));
      }
      List<JsonNode> tags = new ArrayList<>();
      tagValues.forEach((k, v) -> tags.add(kv(k, cut(v, MAX_TAG_VALUE))));
      for (int i = 0; i < params.size(); i += BATCH) {
        logBatch(runId, "params", params.subList(i, Math.min(params.size(), i + BATCH)));
      }
      for (int i = 0; i < metrics.size(); i += BATCH) {
        logBatch(runId, "metrics", metrics.subList(i, Math.min(metrics.size(), i + BATCH)));
      }
      for (int i = 0; i < tags.size(); i += BATCH) {
        logBatch(runId, "tags", tags.subList(i, Math.min(tags.size(), i + BATCH)));
      }
      if (!r.inputs().isEmpty()) {
        logInputs(runId, r.inputs());
      }
      if (r.artifactDir() != null && hasFiles(r.artifactDir())) {
        uploadArtifacts(runId, r.artifactDir());
      }
      if (!r.models().isEmpty()) {
        uploadModels(runId, r.models());
      }
      linkChildren(exp, r.localId(), runId);
      api.post(
          "runs/update",
          MlflowApi.object()
              .put("run_id", runId)
              .put("status", "FINISHED")
              .put("end_time", Math.max(r.endMs(), r.startMs())));
      return runId;
    } catch (TrackingException e) {
      throw e.forRun(runId);
    } catch (RuntimeException | IOException e) {
      throw new TrackingException("MLflow server at " + uri + ": " + firstLine(e), e, runId);
    }
  }

  /**
   * Uploads a record that may have been uploaded before, partly or wholly (a spooled run), so that
   * MLflow ends with exactly one FINISHED run for it: the active runs of its experiment tagged with
   * its local id, plus {@code recordedRunId} (the run the spool recorded, may be null), are looked
   * up first. A FINISHED one is the upload (nothing is sent again); otherwise the recorded one (or
   * the first found) is completed; any other unfinished run of the record is deleted. Only when
   * none exists is a run created ({@code onCreated} gets its id).
   */
  public String finish(RunRecord r, String recordedRunId, Consumer<String> onCreated)
      throws TrackingException {
    if (!reachable(api.timeout())) {
      throw new TrackingException(
          "MLflow server at " + uri + " is not reachable (GET /health failed)",
          null,
          recordedRunId);
    }
    String exp = experimentId(r.mlflowExperiment());
    Map<String, String> status = new LinkedHashMap<>();
    if (recordedRunId != null) {
      Optional<JsonNode> run = run(recordedRunId);
      if (run.isPresent() && "active".equals(run.get().at("/info/lifecycle_stage").asText())) {
        status.put(recordedRunId, run.get().at("/info/status").asText());
      }
    }
    for (JsonNode run : runsOf(exp, r.localId())) {
      status.putIfAbsent(run.at("/info/run_id").asText(), run.at("/info/status").asText());
    }
    String keep =
        status.entrySet().stream()
            .filter(e -> "FINISHED".equals(e.getValue()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(status.isEmpty() ? null : status.keySet().iterator().next());
    for (Map.Entry<String, String> e : status.entrySet()) {
      if (!e.getKey().equals(keep) && !"FINISHED".equals(e.getValue())) {
        LOG.info(
            "deleting the unfinished MLflow run {} of {} (a duplicate of {})",
            e.getKey(),
            r.localId(),
            keep);
        deleteRun(e.getKey());
      }
    }
    if (keep != null && "FINISHED".equals(status.get(keep))) {
      return keep;
    }
    return upload(r, keep, onCreated);
  }

  /** The run with this id ({@code runs/get}), or empty if the server does not know it. */
  public Optional<JsonNode> run(String runId) throws TrackingException {
    try {
      return Optional.of(api.get("runs/get", Map.of("run_id", runId)).path("run"));
    } catch (TrackingException e) {
      if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The active runs of an experiment tagged with this local id. */
  public List<JsonNode> runsOf(String experimentId, String localId) throws TrackingException {
    ObjectNode q = MlflowApi.object();
    q.putArray("experiment_ids").add(experimentId);
    q.put("filter", "tags.`" + LOCAL_ID_TAG + "` = " + quote(localId))
        .put("run_view_type", "ACTIVE_ONLY")
        .put("max_results", 100);
    List<JsonNode> out = new ArrayList<>();
    api.post("runs/search", q).path("runs").forEach(out::add);
    return out;
  }

  /**
   * Deletes a run (moves it to MLflow's trash); used for runs left incomplete by a failed upload.
   */
  public void deleteRun(String runId) throws TrackingException {
    api.post("runs/delete", MlflowApi.object().put("run_id", runId));
  }

  private String createRun(String experimentId, RunRecord r) throws TrackingException {
    ObjectNode b =
        MlflowApi.object()
            .put("experiment_id", experimentId)
            .put("run_name", r.runName())
            .put("start_time", r.startMs());
    String user = System.getProperty("user.name");
    if (user != null) {
      b.put("user_id", user);
    }
    // the local id from the start, so that this run is found again whatever happens next
    b.putArray("tags").add(kv(LOCAL_ID_TAG, r.localId()));
    JsonNode info = api.post("runs/create", b).at("/run/info");
    String id = info.path("run_id").asText("");
    artifactUris.put(
        id, info.path("artifact_uri").asText("")); // "": unknown, MLflow's artifact CLI decides
    if (id.isEmpty()) {
      throw new TrackingException(
          "MLflow server at " + uri + ": POST runs/create answered without a run id", null, null);
    }
    return id;
  }

  private void logBatch(String runId, String field, List<JsonNode> items) throws TrackingException {
    ObjectNode b = MlflowApi.object().put("run_id", runId);
    ArrayNode a = b.putArray(field);
    items.forEach(a::add);
    api.post("runs/log-batch", b);
  }

  /** The tag that holds the SHA-256 of the ONNX file logged as model {@code name}. */
  public static String modelShaTag(String name) {
    return "fs.model." + name + ".sha256";
  }

  /**
   * The MLflow run of the record with local id {@code parentLocalId} in experiment {@code exp}: a
   * FINISHED one first.
   */
  private Optional<String> parentRunId(String exp, String parentLocalId) throws TrackingException {
    List<JsonNode> runs = runsOf(exp, parentLocalId);
    return runs.stream()
        .filter(x -> "FINISHED".equals(x.at("/info/status").asText()))
        .findFirst()
        .or(() -> runs.stream().findFirst())
        .map(x -> x.at("/info/run_id").asText());
  }

  /**
   * Makes {@code runId} the parent of the runs of experiment {@code exp} that name {@code localId}
   * as their parent but were uploaded before it (their {@code mlflow.parentRunId} is missing or
   * names a run since deleted).
   */
  private void linkChildren(String exp, String localId, String runId) throws TrackingException {
    ObjectNode q = MlflowApi.object();
    q.putArray("experiment_ids").add(exp);
    q.put("filter", "tags.`" + PARENT_LOCAL_ID_TAG + "` = " + quote(localId))
        .put("run_view_type", "ACTIVE_ONLY")
        .put("max_results", 1000);
    for (JsonNode child : api.post("runs/search", q).path("runs")) {
      String has = null;
      for (JsonNode t : child.at("/data/tags")) {
        if (PARENT_RUN_ID_TAG.equals(t.path("key").asText())) {
          has = t.path("value").asText();
        }
      }
      if (!runId.equals(has)) {
        api.post(
            "runs/set-tag",
            MlflowApi.object()
                .put("run_id", child.at("/info/run_id").asText())
                .put("key", PARENT_RUN_ID_TAG)
                .put("value", runId));
      }
    }
  }

  private void logInputs(String runId, List<DatasetInput> inputs) throws TrackingException {
    ObjectNode b = MlflowApi.object().put("run_id", runId);
    ArrayNode ds = b.putArray("datasets");
    for (DatasetInput in : inputs) {
      ObjectNode item = ds.addObject();
      if (in.context() != null) {
        item.putArray("tags").add(kv(DATA_CONTEXT_TAG, in.context()));
      }
      ObjectNode d =
          item.putObject("dataset")
              .put("name", in.name())
              .put("digest", in.digest())
              .put("source_type", in.sourceType())
              .put("source", in.source());
      if (in.profile() != null) {
        d.put("profile", in.profile());
      }
    }
    api.post("runs/log-inputs", b);
  }

  /**
   * Uploads a folder's files as the run's artifacts: copied in Java when the run's artifact URI is
   * a local folder (a server started with a local {@code --default-artifact-root}, as {@link
   * LocalServer} does: what MLflow's own client does there too) or sent with {@code PUT} when the
   * server proxies artifacts ({@code mlflow-artifacts:/...}); other stores (S3, ...) go through
   * MLflow's artifact CLI. Saves starting a Python interpreter (1-3 s) per run.
   */
  private void uploadArtifacts(String runId, Path dir) throws TrackingException, IOException {
    String au = artifactUris.get(runId);
    if (au == null) {
      au = run(runId).map(x -> x.at("/info/artifact_uri").asText("")).orElse("");
      artifactUris.put(runId, au);
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    if (au.startsWith("/") || au.startsWith("file:/")) {
      Path root = au.startsWith("/") ? Path.of(au) : Path.of(URI.create(au));
      for (Path f : files) {
        Path to = root.resolve(dir.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
      }
      return;
    }
    if (au.startsWith("mlflow-artifacts:/") && !au.startsWith("mlflow-artifacts://")) {
      String base = au.substring("mlflow-artifacts:".length());
      for (Path f : files) {
        api.putArtifact(base + "/" + dir.relativize(f).toString().replace('\\', '/'), f);
      }
      return;
    }
    python(
        runId,
        List.of(
            "-m",
            "mlflow.store.artifact.cli",
            "log-artifacts",
            "--local-dir",
            dir.toAbsolutePath().toString(),
            "--run-id",
            runId),
        "artifact upload of " + dir);
  }

  /**
   * Logs ONNX files as MLflow models with the project's Python ({@code log_models.py}: {@code
   * mlflow.onnx.save_model}, then the saved folder uploaded under the model's artifact path).
   */
  private void uploadModels(String runId, Map<String, Path> models)
      throws TrackingException, IOException {
    Path script = Files.createTempFile("fs-log-models-", ".py");
    try {
      try (var in = MlflowTracker.class.getResourceAsStream(LOG_MODELS)) {
        if (in == null) {
          throw new IllegalStateException(LOG_MODELS + " missing from the fs-tracking jar");
        }
        Files.write(script, in.readAllBytes());
      }
      List<String> args = new ArrayList<>(List.of(script.toString(), runId));
      for (Map.Entry<String, Path> m : models.entrySet()) {
        if (!Files.isRegularFile(m.getValue())) {
          throw new TrackingException(
              "model " + m.getKey() + ": no file " + m.getValue(), null, runId);
        }
        args.add(m.getKey() + "=" + m.getValue().toAbsolutePath());
      }
      python(runId, args, "model upload of " + String.join(", ", models.keySet()));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /**
   * Runs the project's interpreter with {@code args}; its output goes to a temporary file (so that
   * nothing waits on a full pipe), its own server calls get the timeout, and it is killed after
   * {@link #artifactTimeout()}.
   */
  private void python(String runId, List<String> args, String what)
      throws TrackingException, IOException {
    Path python = PythonEnv.python(fsHome);
    if (!Files.isExecutable(python)) {
      throw new TrackingException(
          "no Python interpreter at "
              + python
              + " for the "
              + what
              + " (install it with"
              + " scripts/install-python-env.sh)",
          null,
          runId);
    }
    Path log = Files.createTempFile("fs-artifact-upload-", ".log");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(python.toString());
      cmd.addAll(args);
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      Map<String, String> env = pb.environment();
      env.put("MLFLOW_TRACKING_URI", uri);
      env.put(
          "MLFLOW_HTTP_REQUEST_TIMEOUT",
          Long.toString(Math.max(1, (api.timeout().toMillis() + 999) / 1000)));
      env.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
      Process p = pb.start();
      p.getOutputStream().close();
      Duration limit = artifactTimeout();
      try {
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          LocalServer.stopTree(p);
          throw new TrackingException(
              "MLflow server at "
                  + uri
                  + ": "
                  + what
                  + " took longer than "
                  + MlflowApi.seconds(limit)
                  + "; stopped",
              null,
              runId);
        }
      } catch (InterruptedException e) {
        LocalServer.stopTree(p);
        Thread.currentThread().interrupt();
        throw new TrackingException(what + " interrupted", e, runId);
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        String last = out.strip().lines().reduce((a, b2) -> b2).orElse("");
        throw new TrackingException(
            what + " with " + python + " failed (exit " + p.exitValue() + "): " + last,
            null,
            runId);
      }
      LOG.debug("{} for {} done: {}", what, runId, out.strip());
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static ObjectNode kv(String k, String v) {
    return MlflowApi.object().put("key", k).put("value", v);
  }

  /** A string literal of MLflow's search syntax. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static boolean hasFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(Files::isRegularFile);
    }
  }

  private static String cut(String v, int max) {
    String s = v == null ? "" : v;
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.strip().lines().findFirst().orElse(m);
  }

  /**
   * Nothing to release (the HTTP client holds no open calls after each returns); kept for
   * try-with-resources.
   */
  @Override
  public void close() {}
}
