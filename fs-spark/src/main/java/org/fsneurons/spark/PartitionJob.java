package org.fsneurons.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.eval.EvalTally;
import org.fsneurons.models.eval.Evaluator;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.BlockedLayout;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * What one partition does on an executor: open the ANN and the instrumented FS model from the
 * broadcast bytes (one session each, the native FS kernel registered when it loads there, else the
 * function bodies with one log line), read the partition's images from the shared dataset folder
 * and count them ({@link Evaluator#tally}). A failure comes back naming the partition's image
 * range; bad input stays a {@link UserInputException}.
 */
final class PartitionJob implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a partition returns. */
  record PartResult(ImageRanges.Range range, EvalTally tally, boolean nativeKernel, String executor)
      implements Serializable {}

  private final Broadcast<byte[]> ann;
  private final Broadcast<byte[]> fs;
  private final List<String[]> probes;
  private final String dataset;
  private final Map<String, String> variables;
  private final Normalization normalization;
  private final int resolution;
  private final int batch;
  private final Layout layout;
  private final String where;
  private final ExecutionProvider provider;
  private final int threads;
  private final Map<String, String> configEntries;
  private final boolean blockedLayout;
  private final boolean nativeKernel;

  PartitionJob(
      Broadcast<byte[]> ann,
      Broadcast<byte[]> fs,
      List<Instrumenter.Probe> probes,
      DatasetSpec dataset,
      Map<String, String> variables,
      Normalization normalization,
      int resolution,
      int batch,
      Layout layout,
      String where,
      SessionConfig annConfig,
      boolean nativeKernel) {
    this.ann = ann;
    this.fs = fs;
    this.probes = new ArrayList<>();
    for (Instrumenter.Probe p : probes) {
      this.probes.add(new String[] {p.layer(), p.spikes(), p.mean(), p.var(), p.shape()});
    }
    this.dataset = dataset.toString();
    this.variables = new HashMap<>(variables);
    this.normalization = normalization;
    this.resolution = resolution;
    this.batch = batch;
    this.layout = layout;
    this.where = where;
    this.provider = annConfig.provider();
    this.threads = annConfig.threads();
    this.configEntries = new HashMap<>(annConfig.configEntries());
    this.blockedLayout = annConfig.blockedLayout();
    this.nativeKernel = nativeKernel;
  }

  PartResult run(ImageRanges.Range r) {
    String executor = Optional.ofNullable(SparkEnv.get()).map(e -> e.executorId()).orElse("?");
    if (r.size() == 0) {
      return new PartResult(r, null, false, executor);
    }
    try {
      Map<String, String> vars = new HashMap<>();
      variables.forEach((k, v) -> vars.put(k, k.endsWith("_DIR") ? DataFolders.local(v) : v));
      DatasetSpec spec = DatasetSpec.parse(dataset);
      // sequential files (IDX, CIFAR batches) are read up to this partition's last image; ImageNet
      // decodes only its own
      ImageDataset data =
          Datasets.withVariables(vars).open(spec.withLimit(r.to()), normalization, resolution);
      TaskContext tc = TaskContext.get();
      int t = threads > 0 ? threads : Math.max(1, tc == null ? 1 : tc.cpus());
      SessionConfig plain =
          new SessionConfig(provider, t, Optional.empty(), configEntries, blockedLayout);
      SessionConfig fsCfg = nativeKernel ? NativeFsKernel.withKernelIfAvailable(plain) : plain;
      List<Instrumenter.Probe> ps = new ArrayList<>();
      for (String[] p : probes) {
        ps.add(new Instrumenter.Probe(p[0], p[1], p[2], p[3], p[4]));
      }
      try (OrtRunner a = ann == null ? null : OrtRunner.open(ann.value(), where, plain);
          OrtRunner f =
              fs == null
                  ? null
                  : OrtRunner.open(
                      BlockedLayout.prepare(OnnxModels.parse(fs.value(), where), fsCfg),
                      where + " (FS)",
                      fsCfg)) {
        EvalTally tally =
            Evaluator.tally(
                a, f, ps, data, r.from(), r.to(), batch, layout, where, ProgressListener.NONE);
        return new PartResult(r, tally, f != null && f.customOpsRegistered(), executor);
      }
    } catch (UserInputException e) {
      throw new UserInputException(rangeText(r) + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      throw new IllegalStateException(rangeText(r) + ": " + e, e);
    }
  }

  private String rangeText(ImageRanges.Range r) {
    return "partition " + r.index() + " (images " + r + " of " + dataset + ")";
  }
}
