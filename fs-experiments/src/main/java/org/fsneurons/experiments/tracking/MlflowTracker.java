package org.fsneurons.experiments.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads {@link RunRecord}s to an MLflow tracking server with the MLflow Java client: the run, its params, metrics and
 * tags over REST, then its artifact folder. The Java client logs artifacts by running MLflow's Python artifact CLI
 * with the interpreter named by {@code MLFLOW_PYTHON_EXECUTABLE}; when that variable is not set this class runs the
 * same CLI itself with the project's {@code .venv/bin/python} (a JVM cannot set its own environment).
 */
public final class MlflowTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);
  /** MLflow 2.17 limits: param values 6000 characters, tag values 8000; batches of 100 params/tags. */
  private static final int MAX_PARAM_VALUE = 6000;
  private static final int MAX_TAG_VALUE = 8000;
  private static final int BATCH = 100;

  private final String uri;
  private final Path fsHome;
  private final MlflowClient client;
  private final HttpClient http;
  private final Map<String, String> experimentIds = new HashMap<>();

  /** A tracker for the server at {@code uri} (http or https); {@code fsHome} locates the fallback interpreter. */
  public MlflowTracker(String uri, Path fsHome) {
    this.uri = checkUri(uri);
    this.fsHome = fsHome;
    this.client = new MlflowClient(this.uri);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Validates a tracking URI: an MLflow server over http(s). */
  public static String checkUri(String uri) {
    String u = uri == null ? "" : uri.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    try {
      URI parsed = URI.create(u);
      if (("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) && parsed.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UserInputException("tracking URI '" + uri + "': expected the address of an MLflow server,"
        + " http://HOST:PORT (e.g. http://127.0.0.1:5000)");
  }

  public String uri() {
    return uri;
  }

  /** The underlying MLflow client (for searches). */
  public MlflowClient client() {
    return client;
  }

  /** Whether {@code GET /health} answers 200 within the timeout. */
  public boolean reachable(Duration timeout) {
    return health(http, uri, timeout);
  }

  static boolean health(HttpClient http, String uri, Duration timeout) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(uri + "/health")).timeout(timeout).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The id of the MLflow experiment with this name, created (or restored) if needed. */
  public synchronized String experimentId(String name) {
    String id = experimentIds.get(name);
    if (id != null) {
      return id;
    }
    Optional<Experiment> e = findExperiment(name);
    if (e.isPresent()) {
      id = e.get().getExperimentId();
      if ("deleted".equals(e.get().getLifecycleStage())) {
        client.restoreExperiment(id);
      }
    } else {
      id = client.createExperiment(name);
    }
    experimentIds.put(name, id);
    return id;
  }

  /**
   * The MLflow experiment with this name, active or deleted. Searches instead of {@code getExperimentByName}, whose
   * "not found" the 2.17 Java client retries and logs as a rate-limit warning.
   */
  public Optional<Experiment> findExperiment(String name) {
    String filter = "name = '" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
    return client.searchExperiments(filter, ViewType.ALL, 10, List.of()).getItems().stream()
        .filter(x -> x.getName().equals(name)).findFirst();
  }

  /**
   * Creates one finished MLflow run from the record and returns its run id. On failure the exception carries the
   * id of the run if it was already created.
   */
  public String upload(RunRecord r) throws TrackingException {
    if (!reachable(Duration.ofSeconds(10))) {
      throw new TrackingException("MLflow server at " + uri + " is not reachable", null, null);
    }
    String runId = null;
    try {
      String exp = experimentId(r.mlflowExperiment());
      CreateRun.Builder b = CreateRun.newBuilder().setExperimentId(exp).setRunName(r.runName())
          .setStartTime(r.startMs());
      String user = System.getProperty("user.name");
      if (user != null) {
        b.setUserId(user);
      }
      RunInfo info = client.createRun(b.build());
      runId = info.getRunId();
      List<Param> params = new ArrayList<>();
      r.params().forEach((k, v) -> params.add(Param.newBuilder().setKey(k).setValue(cut(v, MAX_PARAM_VALUE)).build()));
      List<RunTag> tags = new ArrayList<>();
      r.tags().forEach((k, v) -> tags.add(RunTag.newBuilder().setKey(k).setValue(cut(v, MAX_TAG_VALUE)).build()));
      List<Metric> metrics = new ArrayList<>();
      List<String> nonFinite = new ArrayList<>();
      r.metrics().forEach((k, v) -> {
        if (Double.isFinite(v)) {
          metrics.add(Metric.newBuilder().setKey(k).setValue(v).setTimestamp(r.endMs()).setStep(0).build());
        } else {
          nonFinite.add(k + "=" + v);
        }
      });
      if (!nonFinite.isEmpty()) {
        tags.add(RunTag.newBuilder().setKey("fs.nonfinite_metrics").setValue(String.join(", ", nonFinite)).build());
      }
      for (int i = 0; i < params.size(); i += BATCH) {
        client.logBatch(runId, List.of(), params.subList(i, Math.min(params.size(), i + BATCH)), List.of());
      }
      for (int i = 0; i < metrics.size(); i += BATCH) {
        client.logBatch(runId, metrics.subList(i, Math.min(metrics.size(), i + BATCH)), List.of(), List.of());
      }
      for (int i = 0; i < tags.size(); i += BATCH) {
        client.logBatch(runId, List.of(), List.of(), tags.subList(i, Math.min(tags.size(), i + BATCH)));
      }
      if (r.artifactDir() != null && hasFiles(r.artifactDir())) {
        uploadArtifacts(runId, r.artifactDir());
      }
      client.setTerminated(runId, RunStatus.FINISHED, Math.max(r.endMs(), r.startMs()));
      return runId;
    } catch (TrackingException e) {
      throw new TrackingException(e.getMessage(), e.getCause(), runId);
    } catch (RuntimeException | IOException e) {
      throw new TrackingException("MLflow server at " + uri + ": " + firstLine(e), e, runId);
    }
  }

  private void uploadArtifacts(String runId, Path dir) throws TrackingException, IOException {
    if (System.getenv("MLFLOW_PYTHON_EXECUTABLE") != null) {
      client.logArtifacts(runId, dir.toFile());
      return;
    }
    Path python = PythonEnv.python(fsHome);
    ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "mlflow.store.artifact.cli", "log-artifacts",
        "--local-dir", dir.toAbsolutePath().toString(), "--run-id", runId).redirectErrorStream(true);
    pb.environment().put("MLFLOW_TRACKING_URI", uri);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new TrackingException("artifact upload timed out after 300 s", null, runId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new TrackingException("artifact upload interrupted", e, runId);
    }
    if (p.exitValue() != 0) {
      String last = out.strip().lines().reduce((a, b2) -> b2).orElse("");
      throw new TrackingException("artifact upload with " + python + " failed (exit " + p.exitValue() + "): " + last,
          null, runId);
    }
    LOG.debug("artifacts of {} uploaded: {}", runId, out.strip());
  }

  /** Deletes a run (moves it to MLflow's trash); used for runs left incomplete by a failed upload. */
  public void deleteRun(String runId) {
    client.deleteRun(runId);
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

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.debug("closing MLflow client: {}", e.toString());
    }
  }
}
