package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.onnx.OpsetUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces activations by FSNeuron nodes. The output is valid ONNX that any runtime runs with the
 * function bodies alone: the FS domain is imported, the IR version is raised to {@value
 * FsOperator#MIN_IR_VERSION} where lower, an opset-6 model is raised to opset {@value
 * OpsetUpgrade#TARGET} (the oldest ONNX Runtime runs; {@link OpsetUpgrade} refuses a node whose
 * meaning would change), and each coefficient set's function is written in the model's own
 * default-domain opset. Tensor names are kept, so the rest of the graph is untouched.
 */
public final class Converter {
  private static final Logger LOG = LoggerFactory.getLogger(Converter.class);

  /**
   * The oldest default-domain opset accepted (opset 6 is raised to {@value OpsetUpgrade#TARGET}).
   */
  public static final int MIN_OPSET = 6;

  private Converter() {}

  /** Converts a model; {@code where} names it in messages. */
  public static Conversion convert(ModelProto model, ConversionOptions options, String where) {
    int opset = OnnxModels.defaultOpset(model);
    if (opset < MIN_OPSET) {
      throw new UserInputException(
          where
              + ": default-domain opset "
              + opset
              + " is older than the oldest supported ("
              + MIN_OPSET
              + "); re-export the model with a newer opset");
    }
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().equals(FsOperator.DOMAIN) && o.getVersion() != FsOperator.DOMAIN_VERSION) {
        throw new UserInputException(
            where
                + ": imports "
                + FsOperator.DOMAIN
                + " version "
                + o.getVersion()
                + "; this version writes version "
                + FsOperator.DOMAIN_VERSION);
      }
    }
    model = OpsetUpgrade.toOpset7(model, where);
    opset = OnnxModels.defaultOpset(model);
    GraphProto g = model.getGraph();
    Map<String, long[]> shapes = OnnxModels.shapes(g);
    List<Activation> acts = ActivationFinder.find(g);

    Map<Integer, NodeProto> replacementAt = new HashMap<>();
    Set<Integer> removed = new HashSet<>();
    Map<String, CoefficientSet> functions = new LinkedHashMap<>();
    Map<String, CoefficientSet> setsByLayer = new LinkedHashMap<>();
    List<LayerReport> rows = new ArrayList<>();
    Set<String> usedNames = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      usedNames.add(n.getName());
    }
    for (Activation a : acts) {
      String shape = shapeText(shapes.get(a.output()));
      String why = null;
      CoefficientSet set = options.perLayer().get(a.name());
      if (set == null) {
        Optional<CoefficientSet> mapped = options.mapping().get(a.kind());
        if (mapped == null) {
          why = "no coefficient set mapped for " + a.kind().opName();
        } else if (mapped.isEmpty()) {
          why = "mapped to keep";
        } else {
          set = mapped.get();
        }
      }
      if (why == null
          && !options.include().isEmpty()
          && options.include().stream().noneMatch(p -> p.matcher(a.name()).find())) {
        why = "not matched by an include pattern";
      }
      if (why == null && options.exclude().stream().anyMatch(p -> p.matcher(a.name()).find())) {
        why = "matched an exclude pattern";
      }
      if (why != null) {
        rows.add(new LayerReport(a.name(), a.kind(), false, "", 0, shape, why));
        continue;
      }
      String nodeName = a.name();
      int last = a.nodeIndices().stream().mapToInt(Integer::intValue).max().orElseThrow();
      NodeProto fs = FsOperator.node(nodeName, set, a.input(), a.output(), null);
      replacementAt.put(last, fs);
      removed.addAll(a.nodeIndices());
      functions.putIfAbsent(FsOperator.overloadId(set), set);
      setsByLayer.put(nodeName, set);
      String note =
          set.provenance().containsKey("alpha") && !"relu".equals(set.name())
              ? "alpha=" + set.provenance().get("alpha")
              : "";
      if (set.provenance().containsKey("calibration")) {
        note = (note.isEmpty() ? "" : note + "; ") + set.provenance().get("calibration");
      }
      rows.add(new LayerReport(a.name(), a.kind(), true, set.name(), set.k(), shape, note));
    }

    GraphProto.Builder gb = g.toBuilder().clearNode();
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (replacementAt.containsKey(i)) {
        gb.addNode(replacementAt.get(i));
      } else if (!removed.contains(i)) {
        gb.addNode(g.getNode(i));
      }
    }
    pruneOrphans(gb, g, removed);
    ModelProto.Builder mb = model.toBuilder().setGraph(gb.build());
    if (!functions.isEmpty()) {
      boolean hasDomain =
          model.getOpsetImportList().stream()
              .anyMatch(o -> o.getDomain().equals(FsOperator.DOMAIN));
      if (!hasDomain) {
        mb.addOpsetImport(
            OperatorSetIdProto.newBuilder()
                .setDomain(FsOperator.DOMAIN)
                .setVersion(FsOperator.DOMAIN_VERSION));
      }
      Set<String> present = new HashSet<>();
      model
          .getFunctionsList()
          .forEach(f -> present.add(f.getDomain() + "/" + f.getName() + "/" + f.getOverload()));
      for (var e : functions.entrySet()) {
        if (present.add(FsOperator.DOMAIN + "/" + FsOperator.OP_TYPE + "/" + e.getKey())) {
          mb.addFunctions(FsOperator.function(e.getValue(), options.body(), opset));
        }
      }
      if (mb.getIrVersion() < FsOperator.MIN_IR_VERSION) {
        mb.setIrVersion(FsOperator.MIN_IR_VERSION);
      }
    }
    if (mb.getProducerName().isEmpty()) {
      mb.setProducerName("fsneurons");
    }
    LOG.debug(
        "{}: {} activations replaced, {} kept",
        where,
        replacementAt.size(),
        rows.size() - replacementAt.size());
    return new Conversion(mb.build(), rows, setsByLayer);
  }

  /**
   * Drops constants (initializers, their IR-3 graph inputs, Constant nodes) that only the replaced
   * activation nodes read, e.g. the √2, 1 and 0.5 of an erf-GELU pattern.
   */
  private static void pruneOrphans(GraphProto.Builder gb, GraphProto g, Set<Integer> removed) {
    Set<String> candidates = new HashSet<>();
    for (int i : removed) {
      candidates.addAll(g.getNode(i).getInputList());
    }
    Set<String> used = new HashSet<>();
    for (NodeProto n : gb.getNodeList()) {
      used.addAll(n.getInputList());
    }
    gb.getOutputList().forEach(o -> used.add(o.getName()));
    Set<String> orphans = new HashSet<>(candidates);
    orphans.removeAll(used);
    if (orphans.isEmpty()) {
      return;
    }
    List<NodeProto> nodes = new ArrayList<>(gb.getNodeList());
    nodes.removeIf(
        n ->
            n.getOpType().equals("Constant")
                && n.getOutputCount() == 1
                && orphans.contains(n.getOutput(0)));
    gb.clearNode().addAllNode(nodes);
    var inits = new ArrayList<>(gb.getInitializerList());
    inits.removeIf(t -> orphans.contains(t.getName()));
    gb.clearInitializer().addAllInitializer(inits);
    var inputs = new ArrayList<>(gb.getInputList());
    inputs.removeIf(v -> orphans.contains(v.getName()));
    gb.clearInput().addAllInput(inputs);
  }

  static String shapeText(long[] s) {
    if (s == null) {
      return "?";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length; i++) {
      if (i > 0) {
        b.append('x');
      }
      b.append(s[i] < 0 ? (i == 0 ? "N" : "?") : Long.toString(s[i]));
    }
    return b.toString();
  }

  /** Compiles include/exclude patterns; a bad regex is a user error naming it. */
  public static List<Pattern> patterns(List<String> regexes, String flag) {
    List<Pattern> out = new ArrayList<>();
    for (String r : regexes) {
      try {
        out.add(Pattern.compile(r));
      } catch (PatternSyntaxException e) {
        throw new UserInputException(
            flag + ": invalid regular expression '" + r + "': " + e.getDescription());
      }
    }
    return out;
  }
}
