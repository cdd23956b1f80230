package org.fsneurons.models.ort;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.onnx.OnnxModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps FS nodes inside ONNX Runtime's blocked (NCHWc) layout on the CPU provider, so that the
 * native kernel runs without a ReorderOutput before and a ReorderInput after every FS node.
 *
 * <p>Why: ORT's NCHWc transformer rewrites Conv (and pooling) into blocked-layout kernels and lets
 * only the ONNX ops it knows (Relu, Sigmoid, Tanh, Add, ...) run on blocked tensors; any other
 * node, a custom op included, gets its input converted back to NCHW and its output converted to
 * blocked again. Those two extra passes over memory cost more than the FS kernel itself (profiled:
 * ResNet-20, batch 64: 19 FS nodes 2.6 ms, reorders 3.6 ms).
 *
 * <p>{@link #prepare} is the step callers run before opening an FS model's session ({@link
 * OrtRunner#open(Prepared, String, SessionConfig)}); it does, in three steps, all with ORT's public
 * API:
 *
 * <ol>
 *   <li>{@link #plan}: every eligible FS node (one output in use, between two other nodes) is
 *       replaced by an elementwise ONNX activation the transformer keeps blocked (Tanh, Sigmoid or
 *       Relu, whichever the model does not use), named {@code fsneurons_blocked_<i>}; its input and
 *       output tensors are renamed {@code fsneurons_blocked_<i>_in/_out} so the node can be found
 *       again after ORT's fusions.
 *   <li>ORT optimizes that model at level ALL and writes it out (the documented
 *       offline-optimization path; the result holds ORT's blocked-layout nodes and is valid on this
 *       machine only, so it is never saved for users).
 *   <li>{@link #restore}: each placeholder becomes the FS node again, with its own coefficients. A
 *       placeholder that ORT fused into a convolution ({@code activation} attribute) is taken out
 *       of the convolution and the FS node put after it. The FS neuron is elementwise, so running
 *       it on a blocked tensor gives the same values.
 * </ol>
 *
 * <p>If anything does not match (a placeholder lost or duplicated, an activation-fused node that
 * cannot be traced), {@link #restore} returns empty and the caller uses the model as it is.
 */
public final class BlockedLayout {
  private static final Logger LOG = LoggerFactory.getLogger(BlockedLayout.class);

  /** Prefix of placeholder node and tensor names. */
  static final String PREFIX = "fsneurons_blocked_";

  private static final List<String> PLACEHOLDER_OPS = List.of("Tanh", "Sigmoid", "Relu");
  private static final Pattern NODE_NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)");
  private static final Pattern TENSOR_PREFIX =
      Pattern.compile("^" + Pattern.quote(PREFIX) + "(\\d+)_(?:in|out)");

  private BlockedLayout() {}

  /**
   * The placeholder model and what is needed to undo it.
   *
   * @param placeholders the FS model with eligible FS nodes replaced by {@code placeholderOp} nodes
   * @param placeholderOp the ONNX op standing in for FS nodes
   * @param originals the replaced FS nodes by placeholder index (original names and attributes)
   * @param fsNodes all FS nodes of the model
   */
  public record Plan(
      ModelProto placeholders,
      String placeholderOp,
      Map<Integer, NodeProto> originals,
      int fsNodes) {}

  /** A plan, or why there is none. */
  public record Planned(Optional<Plan> plan, String reason) {}

  /** A model whose FS nodes run on blocked tensors and how many, or why not. */
  public record Restored(Optional<ModelProto> model, String reason) {}

  /**
   * A model ready for a session: the FS nodes on blocked tensors ({@code blocked}, opened at ORT's
   * BASIC level so that the layout ORT chose stays as it is) or the model as it was.
   *
   * @param layout {@code blocked (...)} when applied, {@code plain (reason)} when tried and it
   *     could not be, {@code plain} when not tried (no custom-op library, a CUDA session, or turned
   *     off in the configuration)
   */
  public record Prepared(ModelProto model, boolean blocked, String layout) {}

  /**
   * The blocked-layout step: with {@code config}'s custom-op library on the CPU provider and its
   * blocked layout on, steps 1 to 3 ({@link #plan}, ORT's optimization at level ALL written to a
   * temporary file that is read back and deleted, {@link #restore}); otherwise, or when a step does
   * not apply, the model unchanged with the reason.
   *
   * @throws org.fsneurons.core.UserInputException when the custom-op library cannot be registered
   */
  public static Prepared prepare(ModelProto fs, SessionConfig config) {
    boolean cpu =
        config.provider() == ExecutionProvider.CPU
            || (config.provider() == ExecutionProvider.AUTO
                && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    if (!cpu || config.customOpLibrary().isEmpty() || !config.blockedLayout()) {
      return new Prepared(fs, false, "plain");
    }
    Restored r = optimize(fs, config);
    LOG.debug("FS layout: {}", r.reason());
    return r.model()
        .map(m -> new Prepared(m, true, "blocked (" + r.reason() + ")"))
        .orElseGet(() -> new Prepared(fs, false, "plain (" + r.reason() + ")"));
  }

  private static Restored optimize(ModelProto fs, SessionConfig config) {
    Planned planned = plan(fs);
    if (planned.plan().isEmpty()) {
      return fail(planned.reason());
    }
    Plan plan = planned.plan().get();
    Path tmp = null;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      tmp = Files.createTempFile("fsneurons-blocked-", ".onnx");
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      OrtRunner.addConfigEntries(o, config);
      OrtRunner.registerKernelLibrary(o, config.customOpLibrary().orElseThrow());
      o.setOptimizedModelFilePath(tmp.toString());
      try (OrtSession ignored =
          OrtEnvironment.getEnvironment().createSession(plan.placeholders().toByteArray(), o)) {
        // creating the session runs the optimizers and writes the optimized model
      }
      return restore(ModelProto.parseFrom(Files.readAllBytes(tmp)), plan);
    } catch (OrtException | IOException e) {
      return fail("ORT optimization failed: " + OrtRunner.firstLine(e.getMessage()));
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.debug("cannot delete {}: {}", tmp, e.getMessage());
        }
      }
    }
  }

  /** Step 1: replaces the eligible FS nodes by placeholders. */
  public static Planned plan(ModelProto fs) {
    GraphProto g = fs.getGraph();
    Set<String> used = new HashSet<>();
    Set<String> opTypes = new HashSet<>();
    int fsNodes = 0;
    for (NodeProto n : g.getNodeList()) {
      for (AttributeProto a : n.getAttributeList()) {
        if (a.hasG() || a.getGraphsCount() > 0) {
          return new Planned(
              Optional.empty(), "the model has subgraphs (node " + n.getName() + ")");
        }
      }
      if (OnnxModels.isDefaultDomain(n.getDomain())) {
        opTypes.add(n.getOpType());
      }
      if (FsOperator.isNode(n)) {
        fsNodes++;
      }
      used.addAll(n.getInputList());
      used.addAll(n.getOutputList());
    }
    if (fsNodes == 0) {
      return new Planned(Optional.empty(), "no FS nodes");
    }
    String op = PLACEHOLDER_OPS.stream().filter(o -> !opTypes.contains(o)).findFirst().orElse(null);
    if (op == null) {
      return new Planned(
          Optional.empty(),
          "the model uses Tanh, Sigmoid and Relu itself, so none can stand in for FS");
    }
    if (used.stream().anyMatch(s -> s.startsWith(PREFIX))) {
      return new Planned(Optional.empty(), "tensor names starting with " + PREFIX + " are taken");
    }
    Set<String> boundary = new HashSet<>();
    g.getInputList().forEach(v -> boundary.add(v.getName()));
    g.getOutputList().forEach(v -> boundary.add(v.getName()));
    g.getInitializerList().forEach(t -> boundary.add(t.getName()));

    Map<String, String> rename = new HashMap<>();
    Map<Integer, NodeProto> originals = new LinkedHashMap<>();
    List<NodeProto> nodes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      boolean eligible =
          FsOperator.isNode(n)
              && n.getInputCount() == 1
              && n.getOutputCount() >= 1
              && !n.getOutput(0).isEmpty()
              && (n.getOutputCount() == 1 || n.getOutput(1).isEmpty())
              && !boundary.contains(n.getInput(0))
              && !boundary.contains(n.getOutput(0))
              && !rename.containsKey(n.getInput(0));
      if (!eligible) {
        nodes.add(n);
        continue;
      }
      int i = originals.size();
      originals.put(i, n);
      rename.put(n.getInput(0), PREFIX + i + "_in");
      rename.put(n.getOutput(0), PREFIX + i + "_out");
      nodes.add(
          NodeProto.newBuilder()
              .setOpType(op)
              .setName(PREFIX + i)
              .addInput(n.getInput(0))
              .addOutput(n.getOutput(0))
              .build());
    }
    if (originals.isEmpty()) {
      return new Planned(
          Optional.empty(), "no FS node lies between two other nodes with its spike output unused");
    }
    GraphProto.Builder gb = g.toBuilder().clearNode();
    for (NodeProto n : nodes) {
      NodeProto.Builder b = n.toBuilder();
      for (int k = 0; k < b.getInputCount(); k++) {
        b.setInput(k, rename.getOrDefault(b.getInput(k), b.getInput(k)));
      }
      for (int k = 0; k < b.getOutputCount(); k++) {
        b.setOutput(k, rename.getOrDefault(b.getOutput(k), b.getOutput(k)));
      }
      gb.addNode(b);
    }
    for (int k = 0; k < gb.getValueInfoCount(); k++) {
      ValueInfoProto v = gb.getValueInfo(k);
      if (rename.containsKey(v.getName())) {
        gb.setValueInfo(k, v.toBuilder().setName(rename.get(v.getName())));
      }
    }
    ModelProto placeholders = fs.toBuilder().setGraph(gb).build();
    return new Planned(Optional.of(new Plan(placeholders, op, originals, fsNodes)), "");
  }

  /** Step 3: puts the FS nodes back into ORT's optimized placeholder model. */
  public static Restored restore(ModelProto optimized, Plan plan) {
    GraphProto g = optimized.getGraph();
    Map<Integer, Integer> found = new HashMap<>();
    GraphProto.Builder gb = g.toBuilder().clearNode();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals(plan.placeholderOp()) && OnnxModels.isDefaultDomain(n.getDomain())) {
        Matcher m = NODE_NAME.matcher(n.getName());
        if (!m.matches()) {
          return fail("a " + plan.placeholderOp() + " node lost its name (" + n.getName() + ")");
        }
        int i = Integer.parseInt(m.group(1));
        NodeProto original = plan.originals().get(i);
        if (original == null || n.getInputCount() != 1 || n.getOutputCount() != 1) {
          return fail("placeholder " + n.getName() + " does not match the plan");
        }
        found.merge(i, 1, Integer::sum);
        gb.addNode(fsNode(original, n.getInput(0), n.getOutput(0)));
        continue;
      }
      Optional<AttributeProto> act =
          n.getAttributeList().stream().filter(a -> a.getName().equals("activation")).findFirst();
      if (act.isPresent() && act.get().getS().toStringUtf8().equals(plan.placeholderOp())) {
        int i = tracedIndex(n);
        NodeProto original = plan.originals().get(i);
        if (i < 0 || original == null || n.getOutputCount() != 1) {
          return fail(
              "node "
                  + n.getName()
                  + " ("
                  + n.getOpType()
                  + ") holds a fused placeholder that cannot be traced");
        }
        found.merge(i, 1, Integer::sum);
        String y = n.getOutput(0);
        String pre = y + "_fsneurons_pre";
        NodeProto.Builder conv = n.toBuilder().clearAttribute().setOutput(0, pre);
        for (AttributeProto a : n.getAttributeList()) {
          if (!a.getName().equals("activation") && !a.getName().equals("activation_params")) {
            conv.addAttribute(a);
          }
        }
        gb.addNode(conv);
        gb.addNode(fsNode(original, pre, y));
        continue;
      }
      gb.addNode(n);
    }
    for (int i : plan.originals().keySet()) {
      int times = found.getOrDefault(i, 0);
      if (times != 1) {
        return fail("placeholder " + PREFIX + i + " found " + times + " times after optimization");
      }
    }
    ModelProto.Builder mb =
        optimized.toBuilder()
            .setGraph(gb)
            .clearFunctions()
            .addAllFunctions(plan.placeholders().getFunctionsList());
    Set<String> domains = new HashSet<>();
    optimized.getOpsetImportList().forEach(o -> domains.add(o.getDomain()));
    for (OperatorSetIdProto o : plan.placeholders().getOpsetImportList()) {
      if (!domains.contains(o.getDomain())) {
        mb.addOpsetImport(o);
      }
    }
    mb.setIrVersion(Math.max(optimized.getIrVersion(), plan.placeholders().getIrVersion()));
    return new Restored(
        Optional.of(mb.build()),
        plan.originals().size()
            + " of "
            + plan.fsNodes()
            + " FS nodes on ONNX Runtime's NCHWc tensors");
  }

  private static int tracedIndex(NodeProto n) {
    Matcher m = TENSOR_PREFIX.matcher(n.getName());
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    for (String out : n.getOutputList()) {
      Matcher o = TENSOR_PREFIX.matcher(out);
      if (o.find()) {
        return Integer.parseInt(o.group(1));
      }
    }
    return -1;
  }

  private static NodeProto fsNode(NodeProto original, String in, String out) {
    return original.toBuilder().clearInput().clearOutput().addInput(in).addOutput(out).build();
  }

  private static Restored fail(String why) {
    return new Restored(Optional.empty(), why);
  }
}
