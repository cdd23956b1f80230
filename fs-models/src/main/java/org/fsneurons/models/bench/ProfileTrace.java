package org.fsneurons.models.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.onnx.FsOperator;

/**
 * Reads ONNX Runtime's JSON profiler trace (a JSON array of Chrome trace events) and sums node
 * times.
 *
 * <p>Which events count: events with {@code "cat": "Node"} whose name ends in {@value
 * #KERNEL_SUFFIX} (one per node execution; ORT names it {@code <node name>_kernel_time}, its {@code
 * args.op_name} is the op type). Runs: the {@code "cat": "Session"} events named {@value
 * #RUN_EVENT}; the node events inside the first {@code skipRuns} of them (by start time) are left
 * out, so a warm-up run's allocations do not count. A trace without run events counts every node
 * event.
 *
 * <p>Which nodes are FS nodes: a node whose {@code op_name} is {@value FsOperator#OP_TYPE} (the
 * native kernel runs the FS node as one node), or whose name starts with {@value #INLINED_PREFIX}:
 * without a kernel for the op, ONNX Runtime inlines the FSNeuron function body when it loads the
 * model and names every inlined node {@code _inlfunc_FSNeuron_<body node>_<n>} (seen with ORT
 * 1.29), so these are the nodes of the dynamics or table bodies. A body node that ORT's optimiser
 * fused with a node outside the body would get another name and count as non-FS; the bodies' first
 * and last ops (Greater/Sub/Gather, Identity, ReduceSum) have no such fusions on the CPU provider.
 */
public final class ProfileTrace {
  /** Suffix of the per-node execution events. */
  public static final String KERNEL_SUFFIX = "_kernel_time";

  /** Name of the per-run session event. */
  public static final String RUN_EVENT = "model_run";

  /** Prefix ONNX Runtime gives to nodes inlined from FSNeuron function bodies. */
  public static final String INLINED_PREFIX = "_inlfunc_" + FsOperator.OP_TYPE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileTrace() {}

  /**
   * Node times of a trace.
   *
   * @param runs runs counted (model_run events after the skipped ones; 0 when the trace has none)
   * @param nodeMicros sum of the counted node events' durations (µs)
   * @param fsMicros the FS nodes' part of it (µs)
   * @param nodeEvents counted node events
   * @param fsEvents the FS nodes' events among them
   * @param microsByOp µs per op type, largest first; FS body nodes are listed as {@code
   *     FSNeuron/<op>}
   * @param eventsByOp counted node events per op type (same keys)
   */
  public record Summary(
      int runs,
      long nodeMicros,
      long fsMicros,
      int nodeEvents,
      int fsEvents,
      Map<String, Long> microsByOp,
      Map<String, Integer> eventsByOp) {
    public Summary {
      microsByOp = Collections.unmodifiableMap(new LinkedHashMap<>(microsByOp));
      eventsByOp = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByOp));
    }

    /** The FS nodes' share of node time, in [0, 1] (0 for an empty trace). */
    public double fsShare() {
      return nodeMicros == 0 ? 0 : (double) fsMicros / nodeMicros;
    }

    /** FS node time per run (ms); per counted event set when there are no runs. */
    public double fsMillisPerRun() {
      return fsMicros / 1000.0 / Math.max(1, runs);
    }

    /** Node time per run (ms). */
    public double nodeMillisPerRun() {
      return nodeMicros / 1000.0 / Math.max(1, runs);
    }
  }

  /** Reads and summarises a trace file. */
  public static Summary read(Path file, int skipRuns) {
    try {
      return parse(Files.readString(file), skipRuns, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read ONNX Runtime profile " + file + ": " + e.getMessage(), e);
    }
  }

  /** Summarises trace text; {@code where} names it in messages. */
  public static Summary parse(String json, int skipRuns, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          where + ": not a JSON profiler trace: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(where + ": expected a JSON array of trace events");
    }
    List<long[]> runWindows = new ArrayList<>();
    for (JsonNode e : root) {
      if ("Session".equals(e.path("cat").asText()) && RUN_EVENT.equals(e.path("name").asText())) {
        long ts = e.path("ts").asLong();
        runWindows.add(new long[] {ts, ts + e.path("dur").asLong()});
      }
    }
    runWindows.sort(Comparator.comparingLong(w -> w[0]));
    List<long[]> kept =
        runWindows.subList(Math.min(skipRuns, runWindows.size()), runWindows.size());
    long node = 0;
    long fs = 0;
    int nodeEvents = 0;
    int fsEvents = 0;
    Map<String, Long> byOp = new LinkedHashMap<>();
    Map<String, Integer> countByOp = new LinkedHashMap<>();
    for (JsonNode e : root) {
      String name = e.path("name").asText();
      if (!"Node".equals(e.path("cat").asText()) || !name.endsWith(KERNEL_SUFFIX)) {
        continue;
      }
      long ts = e.path("ts").asLong();
      if (!runWindows.isEmpty() && kept.stream().noneMatch(w -> ts >= w[0] && ts <= w[1])) {
        continue;
      }
      long dur = e.path("dur").asLong();
      String op = e.path("args").path("op_name").asText("?");
      boolean isFs = isFsNode(name, op);
      node += dur;
      nodeEvents++;
      if (isFs) {
        fs += dur;
        fsEvents++;
      }
      String key = isFs && !op.equals(FsOperator.OP_TYPE) ? FsOperator.OP_TYPE + "/" + op : op;
      byOp.merge(key, dur, Long::sum);
      countByOp.merge(key, 1, Integer::sum);
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    byOp.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(x -> sorted.put(x.getKey(), x.getValue()));
    Map<String, Integer> counts = new LinkedHashMap<>();
    sorted.keySet().forEach(k -> counts.put(k, countByOp.get(k)));
    return new Summary(
        runWindows.isEmpty() ? 0 : kept.size(), node, fs, nodeEvents, fsEvents, sorted, counts);
  }

  /**
   * Whether a node event (name, op type) belongs to an FS node: the native kernel's op or an
   * inlined body node.
   */
  static boolean isFsNode(String eventName, String opName) {
    return FsOperator.OP_TYPE.equals(opName) || eventName.startsWith(INLINED_PREFIX);
  }
}
