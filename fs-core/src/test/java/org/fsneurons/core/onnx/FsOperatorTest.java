package org.fsneurons.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;

/**
 * The protobuf structure of the FS operator: node, function, model, and the opset-dependent forms.
 */
class FsOperatorTest {
  private static final CoefficientSet SWISH = CoefficientSets.bundled("swish");

  private static List<Float> floats(float[] a) {
    return IntStream.range(0, a.length).mapToObj(i -> a[i]).toList();
  }

  private static Set<String> ops(FunctionProto f) {
    return f.getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
  }

  @Test
  void overloadIds() {
    String id = FsOperator.overloadId(SWISH);
    assertTrue(id.matches("swish_[0-9a-f]{8}"), id);
    assertEquals(id, FsOperator.overloadId(CoefficientSets.bundled("swish")), "stable");
    // the coefficients decide, not the provenance
    assertEquals(
        id,
        FsOperator.overloadId(new CoefficientSet("swish", null, SWISH.params(), Map.of("x", 1))));
    assertNotEquals(
        id,
        FsOperator.overloadId(
            new CoefficientSet("swish", null, SWISH.params().scaled(2f), Map.of())));
    String odd =
        FsOperator.overloadId(
            new CoefficientSet("3rd set-v1.json", null, SWISH.params(), Map.of()));
    assertEquals("_3rd_set_v1_json_" + id.substring(6), odd);
    assertEquals(64, FsOperator.coefficientHash(SWISH.params()).length());
  }

  @Test
  void nodeCarriesAttributesAndOverload() {
    NodeProto n = FsOperator.node("act1", SWISH, "in", "out", null);
    assertEquals("act1", n.getName());
    assertEquals("ai.fsneurons", n.getDomain());
    assertEquals("FSNeuron", n.getOpType());
    assertEquals(FsOperator.overloadId(SWISH), n.getOverload());
    assertEquals(List.of("in"), n.getInputList());
    assertEquals(List.of("out", ""), n.getOutputList(), "both function outputs are listed");
    assertEquals(
        List.of("out", "s"), FsOperator.node("a", SWISH, "in", "out", "s").getOutputList());
    Map<String, AttributeProto> attrs =
        n.getAttributeList().stream().collect(Collectors.toMap(AttributeProto::getName, a -> a));
    assertEquals(Set.of("h", "T", "d"), attrs.keySet());
    for (AttributeProto a : attrs.values()) {
      assertEquals(AttributeProto.AttributeType.FLOATS, a.getType());
    }
    assertEquals(floats(SWISH.params().h()), attrs.get("h").getFloatsList());
    assertEquals(floats(SWISH.params().T()), attrs.get("T").getFloatsList());
    assertEquals(floats(SWISH.params().d()), attrs.get("d").getFloatsList());
  }

  @Test
  void functionSignature() {
    for (FsBody body : FsBody.values()) {
      FunctionProto f = FsOperator.function(SWISH, body, 13);
      assertEquals("ai.fsneurons", f.getDomain());
      assertEquals("FSNeuron", f.getName());
      assertEquals(FsOperator.overloadId(SWISH), f.getOverload());
      assertEquals(List.of("X"), f.getInputList());
      assertEquals(List.of("Y", "S"), f.getOutputList());
      assertEquals(List.of("h", "T", "d"), f.getAttributeList());
      assertEquals(1, f.getOpsetImportCount());
      assertEquals("", f.getOpsetImport(0).getDomain());
      assertEquals(13, f.getOpsetImport(0).getVersion());
      Set<String> outs =
          f.getNodeList().stream()
              .flatMap(n -> n.getOutputList().stream())
              .collect(Collectors.toSet());
      assertTrue(outs.containsAll(Set.of("Y", "S")));
      assertEquals(
          f.getNodeList().stream().mapToInt(NodeProto::getOutputCount).sum(),
          outs.size(),
          "SSA names");
    }
  }

  @Test
  void dynamicsBodyUnrollsKSteps() {
    FunctionProto f = FsOperator.function(SWISH, FsBody.DYNAMICS, 13);
    long greater = f.getNodeList().stream().filter(n -> n.getOpType().equals("Greater")).count();
    assertEquals(16, greater);
    // h[15] = 0 and the last step needs no reset: 14 subtractions (steps 0..14 minus h[15] unused)
    assertEquals(15, f.getNodeList().stream().filter(n -> n.getOpType().equals("Sub")).count());
    assertEquals(
        Set.of("Constant", "Greater", "Cast", "Mul", "Add", "Sub", "Identity", "ReduceSum"),
        ops(f));
  }

  @Test
  void opsetSpecificForms() {
    // opset 6: legacy broadcasting needs broadcast=1 on ops with a scalar operand
    FunctionProto d6 = FsOperator.function(SWISH, FsBody.DYNAMICS, 6);
    for (NodeProto n : d6.getNodeList()) {
      if (n.getOpType().equals("Greater")) {
        assertTrue(
            n.getAttributeList().stream()
                .anyMatch(a -> a.getName().equals("broadcast") && a.getI() == 1));
      }
    }
    FunctionProto d13 = FsOperator.function(SWISH, FsBody.DYNAMICS, 13);
    assertTrue(
        d13.getNodeList().stream()
            .allMatch(
                n ->
                    n.getAttributeList().stream().noneMatch(a -> a.getName().equals("broadcast"))));
    // Clip: attributes before opset 11, inputs from 11; Where from opset 9; no integer Constant
    // before opset 9
    NodeProto clip8 = clip(FsOperator.function(SWISH, FsBody.TABLE, 8));
    assertEquals(1, clip8.getInputCount());
    assertEquals(
        Set.of("min", "max"),
        clip8.getAttributeList().stream().map(AttributeProto::getName).collect(Collectors.toSet()));
    NodeProto clip13 = clip(FsOperator.function(SWISH, FsBody.TABLE, 13));
    assertEquals(3, clip13.getInputCount());
    assertEquals(0, clip13.getAttributeCount());
    assertFalse(ops(FsOperator.function(SWISH, FsBody.TABLE, 8)).contains("Where"));
    assertTrue(ops(FsOperator.function(SWISH, FsBody.TABLE, 9)).contains("Where"));
    for (NodeProto n : FsOperator.function(SWISH, FsBody.TABLE, 6).getNodeList()) {
      if (n.getOpType().equals("Constant")) {
        assertEquals(
            1, n.getAttribute(0).getT().getDataType(), "float constants only before opset 9");
      }
    }
    assertEquals(
        Set.of(
            "Constant",
            "Sub",
            "Mul",
            "Floor",
            "Clip",
            "Greater",
            "Where",
            "Cast",
            "Gather",
            "Add",
            "Identity",
            "ReduceSum"),
        ops(FsOperator.function(SWISH, FsBody.TABLE, 13)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FsOperator.function(SWISH, FsBody.TABLE, 5));
    assertEquals("the FS operator needs default-domain opset 6 or later, found 5", e.getMessage());
  }

  private static NodeProto clip(FunctionProto f) {
    return f.getNodeList().stream()
        .filter(n -> n.getOpType().equals("Clip"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void tableFallsBackToDynamicsWhenTheGridIsTooFine() {
    FsParams p =
        new FsParams(
            new float[] {0f, 0f, 0f},
            new float[] {-1000f, 1000f, Math.nextUp(1000f)},
            new float[] {1f, 2f, 4f});
    FunctionProto f =
        FsOperator.function(new CoefficientSet("close", null, p, Map.of()), FsBody.TABLE, 13);
    assertFalse(ops(f).contains("Gather"));
    assertEquals(3, f.getNodeList().stream().filter(n -> n.getOpType().equals("Greater")).count());
    assertTrue(f.getDocString().endsWith("dynamics body"), f.getDocString());
  }

  @Test
  void tableOfASetTooCostlyToCompileIsRefusedWithHowToProceed() {
    CoefficientSet relu23 =
        CoefficientSets.relu(25, 23); // 2^23 pieces > CompiledFs.MAX_PIECES = 2^22
    UserInputException e =
        assertThrows(UserInputException.class, () -> FsOperator.function(relu23, FsBody.TABLE, 13));
    assertEquals(
        "FS set 'relu_a25_k23': FS neuron has more than 4194304 pieces; the compiled form is not practical "
            + "(K=23); the table body needs the compiled form (a binary FS-ReLU has 2^K pieces, so K <= 22): use --body "
            + "dynamics or --body native, or a set with fewer steps K",
        e.getMessage());
    FunctionProto dyn = FsOperator.function(relu23, FsBody.DYNAMICS, 13);
    assertEquals(
        23, dyn.getNodeList().stream().filter(n -> n.getOpType().equals("Greater")).count());
  }

  @Test
  void singleNodeModel() {
    ModelProto m =
        FsOperator.singleNodeModel(SWISH, FsBody.TABLE, new long[] {-1, 3, -1}, true, 17);
    assertEquals(10, m.getIrVersion());
    assertEquals(
        Map.of("", 17L, "ai.fsneurons", 1L),
        m.getOpsetImportList().stream()
            .collect(Collectors.toMap(o -> o.getDomain(), o -> o.getVersion())));
    assertEquals(1, m.getFunctionsCount());
    assertEquals(FsOperator.overloadId(SWISH), m.getFunctions(0).getOverload());
    assertEquals(17, m.getFunctions(0).getOpsetImport(0).getVersion());
    ValueInfoProto x = m.getGraph().getInput(0);
    assertEquals("x", x.getName());
    assertEquals(1, x.getType().getTensorType().getElemType());
    List<TensorShapeProto.Dimension> dims = x.getType().getTensorType().getShape().getDimList();
    assertEquals("N", dims.get(0).getDimParam());
    assertEquals(3, dims.get(1).getDimValue());
    assertTrue(dims.get(2).hasDimParam());
    assertEquals(
        List.of("y", "spikes"),
        m.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
    ValueInfoProto s = m.getGraph().getOutput(1);
    assertEquals(7, s.getType().getTensorType().getElemType(), "int64");
    assertEquals(0, s.getType().getTensorType().getShape().getDimCount(), "scalar");
    NodeProto n = m.getGraph().getNode(0);
    assertEquals(List.of("y", "spikes"), n.getOutputList());

    ModelProto noSpikes =
        FsOperator.singleNodeModel(SWISH, FsBody.DYNAMICS, new long[] {5}, false, 13);
    assertEquals(1, noSpikes.getGraph().getOutputCount());
    assertEquals(List.of("y", ""), noSpikes.getGraph().getNode(0).getOutputList());
    assertEquals(
        5,
        noSpikes
            .getGraph()
            .getInput(0)
            .getType()
            .getTensorType()
            .getShape()
            .getDim(0)
            .getDimValue());
  }
}
