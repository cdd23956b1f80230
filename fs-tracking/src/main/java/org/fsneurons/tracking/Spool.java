package org.fsneurons.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;

/**
 * Runs that did not reach the tracking server, kept in a folder (normally {@code results/spool/})
 * until {@code ./fs sync} uploads them: {@code <localId>.json} holds run name, times, params,
 * metrics, tags, the reason and the MLflow run already created for it, if any ({@code
 * partial_run_id}), its dataset inputs and parent's local id; {@code <localId>/} holds copies of
 * the artifacts and {@code <localId>.models/} of the ONNX files to log as MLflow models. The JSON
 * file is written last (atomically), so an entry exists only when complete.
 *
 * <p>Crash safety: {@link Tracking} writes the entry before it uploads a run and records the MLflow
 * run id in it as soon as the run is created, then removes the entry once the run is FINISHED; so a
 * run interrupted anywhere is either in MLflow, finished, or in the spool, and the spool knows its
 * MLflow run. {@link #sync} takes the folder's {@link SpoolLock} for each entry and lets {@link
 * MlflowTracker#finish} complete a run already present instead of creating a second one.
 */
public final class Spool {
  public static final String FORMAT = "fsneurons-spool/1";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** The suffix of an entry's folder of model files: {@code <localId>.models/<name>.onnx}. */
  private static final String MODELS = ".models";

  private final Path dir;

  public Spool(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** One spooled run. */
  public record Entry(
      Path json, RunRecord record, String partialRunId, String error, String spooledAt) {}

  /** The JSON form (public fields for Jackson). */
  static final class Stored {
    public String format;
    public String localId;
    public String mlflowExperiment;
    public String runName;
    public long startMs;
    public long endMs;
    public Map<String, String> params;
    public Map<String, Double> metrics;
    public Map<String, String> tags;
    public List<String> artifacts;
    public Map<String, String> models;
    public List<DatasetInput> inputs;
    public String parentLocalId;
    public String partialRunId;
    public String error;
    public String spooledAt;
  }

  /**
   * Keeps a run: copies its artifacts into the spool, then writes its JSON. Returns the JSON file.
   */
  public Path save(RunRecord r, String partialRunId, String error) {
    try {
      Files.createDirectories(dir);
      Path files = dir.resolve(r.localId());
      deleteTree(files);
      List<String> names = new ArrayList<>();
      if (r.artifactDir() != null && Files.isDirectory(r.artifactDir())) {
        try (Stream<Path> s = Files.walk(r.artifactDir())) {
          for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
            Path rel = r.artifactDir().relativize(f);
            Path to = files.resolve(rel.toString());
            Files.createDirectories(to.getParent());
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            names.add(rel.toString().replace('\\', '/'));
          }
        }
      }
      Path modelDir = dir.resolve(r.localId() + MODELS);
      deleteTree(modelDir);
      Map<String, String> models = new LinkedHashMap<>();
      for (Map.Entry<String, Path> m : r.models().entrySet()) {
        Files.createDirectories(modelDir);
        String file = m.getKey() + ".onnx";
        Files.copy(m.getValue(), modelDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        models.put(m.getKey(), file);
      }
      Stored s = new Stored();
      s.format = FORMAT;
      s.localId = r.localId();
      s.mlflowExperiment = r.mlflowExperiment();
      s.runName = r.runName();
      s.startMs = r.startMs();
      s.endMs = r.endMs();
      s.params = new LinkedHashMap<>(r.params());
      s.metrics = new LinkedHashMap<>(r.metrics());
      s.tags = new LinkedHashMap<>(r.tags());
      s.artifacts = names;
      s.models = models.isEmpty() ? null : models;
      s.inputs = r.inputs().isEmpty() ? null : new ArrayList<>(r.inputs());
      s.parentLocalId = r.parentLocalId();
      s.partialRunId = partialRunId;
      s.error = error;
      s.spooledAt = Instant.now().toString();
      Path json = dir.resolve(r.localId() + ".json");
      write(s, json);
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write spool entry " + r.localId() + " in " + dir, e);
    }
  }

  /**
   * Rewrites the entry {@code json} with the MLflow run created for it ({@code runId}, kept as it
   * was when null) and the reason it is still here ({@code error}, kept when null).
   */
  public void update(Path json, String runId, String error) {
    try {
      Stored s = JSON.readValue(json.toFile(), Stored.class);
      if (runId != null) {
        s.partialRunId = runId;
      }
      if (error != null) {
        s.error = error;
      }
      write(s, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update spool entry " + json, e);
    }
  }

  private static void write(Stored s, Path json) throws IOException {
    Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), s);
    Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The lock of this spool folder (see {@link SpoolLock}); {@code err} (may be null) hears when it
   * waits.
   */
  SpoolLock lock(PrintWriter err) {
    return SpoolLock.acquire(dir, err);
  }

  /**
   * The complete entries, oldest name first; a file that is not a readable entry is refused ({@link
   * UserInputException} naming it). {@link #list()} reads the others too.
   */
  public List<Entry> entries() {
    Listing l = list();
    if (!l.unreadable().isEmpty()) {
      throw new UserInputException(l.unreadable().get(0));
    }
    return l.entries();
  }

  /**
   * The readable entries, oldest name first, and one message for each {@code .json} file that is
   * not a readable entry (truncated, hand-edited, foreign): such a file never keeps the other runs
   * from being counted or uploaded.
   *
   * @param entries the readable entries
   * @param unreadable {@code PATH: not a spool entry (...); move it away or delete it}, per file
   */
  public record Listing(List<Entry> entries, List<String> unreadable) {
    public Listing {
      entries = List.copyOf(entries);
      unreadable = List.copyOf(unreadable);
    }

    /** Every run file waiting in the spool, readable or not. */
    public int waiting() {
      return entries.size() + unreadable.size();
    }
  }

  /** The spool's files, read: see {@link Listing}. */
  public Listing list() {
    List<Entry> out = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new Listing(out, unreadable);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path json :
          s.filter(p -> p.getFileName().toString().endsWith(".json"))
              .sorted(Comparator.comparing(Path::toString))
              .toList()) {
        try {
          out.add(read(json));
        } catch (UserInputException bad) {
          unreadable.add(bad.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list spool " + dir, e);
    }
    return new Listing(out, unreadable);
  }

  private Entry read(Path json) {
    Stored s;
    try {
      s = JSON.readValue(json.toFile(), Stored.class);
    } catch (IOException e) {
      throw new UserInputException(
          json
              + ": not a spool entry ("
              + MlflowTracker.firstLine(e)
              + "); move it away"
              + " or delete it");
    }
    if (!FORMAT.equals(s.format)
        || s.localId == null
        || s.runName == null
        || s.mlflowExperiment == null) {
      throw new UserInputException(
          json
              + ": not a spool entry (expected format "
              + FORMAT
              + " with local_id, run_name, mlflow_experiment)");
    }
    Path files = dir.resolve(s.localId);
    RunRecord.Builder r =
        RunRecord.builder(s.localId, s.mlflowExperiment, s.runName)
            .startMs(s.startMs)
            .endMs(s.endMs)
            .artifactDir(Files.isDirectory(files) ? files : null)
            .models(models(s))
            .parentLocalId(s.parentLocalId);
    // fields an older entry may lack keep the builder's empty defaults
    Optional.ofNullable(s.params).ifPresent(r::params);
    Optional.ofNullable(s.metrics).ifPresent(r::metrics);
    Optional.ofNullable(s.tags).ifPresent(r::tags);
    Optional.ofNullable(s.inputs).ifPresent(r::inputs);
    return new Entry(json, r.build(), s.partialRunId, s.error, s.spooledAt);
  }

  private Map<String, Path> models(Stored s) {
    Map<String, Path> m = new LinkedHashMap<>();
    if (s.models != null) {
      s.models.forEach((name, file) -> m.put(name, dir.resolve(s.localId + MODELS).resolve(file)));
    }
    return m;
  }

  /**
   * Deletes an entry (after a successful upload): its folders first and its JSON last, so that a
   * process killed in between leaves an entry that the next sync finishes (its run is FINISHED:
   * nothing is uploaded again) and removes, never a folder that no entry names.
   */
  public void remove(Entry e) {
    try {
      deleteTree(dir.resolve(e.record().localId()));
      deleteTree(dir.resolve(e.record().localId() + MODELS));
      Files.deleteIfExists(e.json());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot delete spool entry " + e.json(), ex);
    }
  }

  /**
   * Result of {@link #sync}: entries uploaded by this sync (with their MLflow run ids), entries
   * that another sync or run took meanwhile, and entries still waiting.
   */
  public record SyncResult(int uploaded, int failed, List<String> runIds, int byOthers) {
    public SyncResult(int uploaded, int failed, List<String> runIds) {
      this(uploaded, failed, runIds, 0);
    }
  }

  /**
   * Uploads every entry to the tracker, deleting each uploaded one. Stops at the first failure: the
   * server is most likely gone, and what is left stays spooled.
   */
  public SyncResult sync(MlflowTracker tracker, PrintWriter err) {
    return sync(entries(), tracker, err);
  }

  /**
   * {@link #sync(MlflowTracker, PrintWriter)} of entries already read with {@link #entries()}. Each
   * entry is taken under the folder's lock and read again (another sync may have uploaded it, or
   * recorded its MLflow run); {@link MlflowTracker#finish} then makes sure MLflow ends with exactly
   * one FINISHED run for it, and the run id is written into the entry as soon as a run is created.
   */
  public SyncResult sync(List<Entry> all, MlflowTracker tracker, PrintWriter err) {
    List<String> ids = new ArrayList<>();
    int others = 0;
    for (Entry listed : parentsFirst(all)) {
      try (SpoolLock l = lock(err)) {
        if (!Files.exists(listed.json())) {
          others++;
          err.println(
              "fs sync: "
                  + listed.record().localId()
                  + ": already uploaded by another fs sync or run");
          continue;
        }
        Entry e = read(listed.json());
        String runId;
        try {
          runId = tracker.finish(e.record(), e.partialRunId(), id -> update(e.json(), id, null));
        } catch (TrackingException ex) {
          err.println("fs sync: " + e.record().localId() + ": not uploaded: " + ex.getMessage());
          if (ex.partialRunId() != null && !ex.partialRunId().equals(e.partialRunId())) {
            update(e.json(), ex.partialRunId(), null);
          }
          break;
        }
        remove(e);
        ids.add(runId);
        err.println("fs sync: " + e.record().localId() + " -> MLflow run " + runId);
      }
    }
    err.flush();
    int left = (int) all.stream().filter(e -> Files.exists(e.json())).count();
    return new SyncResult(ids.size(), left, ids, others);
  }

  /**
   * The entries in an order where a run's parent (when it is spooled too) comes before it, so that
   * the child is created with its parent's MLflow run id; otherwise in the given order.
   */
  static List<Entry> parentsFirst(List<Entry> all) {
    List<Entry> left = new ArrayList<>(all);
    List<Entry> out = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    Set<String> ids = new HashSet<>();
    all.forEach(e -> ids.add(e.record().localId()));
    while (!left.isEmpty()) {
      List<Entry> ready =
          left.stream()
              .filter(
                  e ->
                      e.record().parentLocalId() == null
                          || !ids.contains(e.record().parentLocalId())
                          || placed.contains(e.record().parentLocalId()))
              .toList();
      if (ready.isEmpty()) {
        ready = List.copyOf(left); // a cycle (hand-edited entries): keep the given order
      }
      for (Entry e : ready) {
        out.add(e);
        placed.add(e.record().localId());
      }
      left.removeAll(ready);
    }
    return out;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
