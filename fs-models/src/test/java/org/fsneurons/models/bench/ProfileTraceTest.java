package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTraceTest {
  private static String session(String name, long ts, long dur) {
    return "{\"cat\" : \"Session\",\"pid\" :1,\"tid\" :2,\"dur\" :"
        + dur
        + ",\"ts\" :"
        + ts
        + ",\"ph\" : \"X\",\"name\" :\""
        + name
        + "\",\"args\" : {}}";
  }

  private static String node(String name, String op, long ts, long dur) {
    // the shape of ONNX Runtime 1.29's node events (args trimmed to a few of its keys)
    return "{\"cat\" : \"Node\",\"pid\" :1,\"tid\" :2,\"dur\" :"
        + dur
        + ",\"ts\" :"
        + ts
        + ",\"ph\" : \"X\",\"name\" :\""
        + name
        + "\",\"args\" : {\"op_name\" : \""
        + op
        + "\",\"provider\" : \"CPUExecutionProvider\",\"output_size\" : \"384\"}}";
  }

  /**
   * Two runs. Run 1 (ts 1000-1500): Conv 100, native FSNeuron 50, an inlined body node 30, and a
   * fence event (not a kernel time). Run 2 (ts 2000-2500): Conv 80, FSNeuron 40, inlined Greater 20
   * and Mul 10, Relu 7. One node event at ts 5000 lies outside every run.
   */
  private static String trace() {
    List<String> e = new ArrayList<>();
    e.add(session("model_loading_array", 0, 300));
    e.add(session("session_initialization", 300, 400));
    e.add(node("conv1_fence_before", "Conv", 1001, 5));
    e.add(node("conv1_kernel_time", "Conv", 1010, 100));
    e.add(node("fs1_kernel_time", "FSNeuron", 1120, 50));
    e.add(node("_inlfunc_FSNeuron_gt0_1_node_kernel_time", "Greater", 1200, 30));
    e.add(session("SequentialExecutor::Execute", 1005, 480));
    e.add(session("model_run", 1000, 500));
    e.add(node("conv1_kernel_time", "Conv", 2010, 80));
    e.add(node("fs1_kernel_time", "FSNeuron", 2100, 40));
    e.add(node("_inlfunc_FSNeuron_gt0_3_node_kernel_time", "Greater", 2150, 20));
    e.add(node("_inlfunc_FSNeuron_hz0_6_node_kernel_time", "Mul", 2180, 10));
    e.add(node("relu_kernel_time", "Relu", 2200, 7));
    e.add(session("model_run", 2000, 500));
    e.add(node("late_kernel_time", "Conv", 5000, 1000));
    return "[\n" + String.join(",\n", e) + "\n]\n";
  }

  @Test
  void skipsTheFirstRunAndSumsFsNodes() {
    ProfileTrace.Summary s = ProfileTrace.parse(trace(), 1, "synthetic");
    assertEquals(1, s.runs());
    assertEquals(80 + 40 + 20 + 10 + 7, s.nodeMicros());
    assertEquals(40 + 20 + 10, s.fsMicros());
    assertEquals(5, s.nodeEvents());
    assertEquals(3, s.fsEvents());
    assertEquals(70.0 / 157.0, s.fsShare(), 1e-12);
    assertEquals(0.070, s.fsMillisPerRun(), 1e-12);
    assertEquals(
        List.of("Conv", "FSNeuron", "FSNeuron/Greater", "FSNeuron/Mul", "Relu"),
        List.copyOf(s.microsByOp().keySet()));
    assertEquals(
        Map.of(
            "Conv", 80L, "FSNeuron", 40L, "FSNeuron/Greater", 20L, "FSNeuron/Mul", 10L, "Relu", 7L),
        s.microsByOp());
    assertEquals(
        Map.of("Conv", 1, "FSNeuron", 1, "FSNeuron/Greater", 1, "FSNeuron/Mul", 1, "Relu", 1),
        s.eventsByOp());
  }

  @Test
  void countsEveryRunWhenNoneIsSkipped() {
    ProfileTrace.Summary s = ProfileTrace.parse(trace(), 0, "synthetic");
    assertEquals(2, s.runs());
    // the fence event and the event outside the runs are left out
    assertEquals(100 + 50 + 30 + 157, s.nodeMicros());
    assertEquals(50 + 30 + 70, s.fsMicros());
    assertEquals(0.075, s.fsMillisPerRun(), 1e-12);
    assertEquals(2, s.eventsByOp().get("Conv"));
    assertEquals(2, s.eventsByOp().get("FSNeuron/Greater"));
  }

  @Test
  void withoutRunEventsEveryNodeEventCounts() {
    String t =
        "["
            + node("a_kernel_time", "Conv", 10, 30)
            + ","
            + node("b_kernel_time", "FSNeuron", 50, 10)
            + "]";
    ProfileTrace.Summary s = ProfileTrace.parse(t, 3, "no-runs");
    assertEquals(0, s.runs());
    assertEquals(40, s.nodeMicros());
    assertEquals(0.25, s.fsShare(), 1e-12);
  }

  @Test
  void emptyTraceHasZeroShare() {
    ProfileTrace.Summary s = ProfileTrace.parse("[]", 0, "empty");
    assertEquals(0, s.nodeMicros());
    assertEquals(0.0, s.fsShare());
  }

  @Test
  void fsNodesAreTheNativeOpAndInlinedBodyNodes() {
    assertTrue(ProfileTrace.isFsNode("layer1/relu_kernel_time", "FSNeuron"));
    assertTrue(ProfileTrace.isFsNode("_inlfunc_FSNeuron_b_13_node_kernel_time", "Gather"));
    assertFalse(ProfileTrace.isFsNode("layer1/relu_kernel_time", "Relu"));
    assertFalse(ProfileTrace.isFsNode("_inlfunc_Other_x_kernel_time", "Mul"));
  }

  @Test
  void rejectsWhatIsNotATrace() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProfileTrace.parse("{\"a\": 1}", 0, "x.json"));
    assertEquals("x.json: expected a JSON array of trace events", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ProfileTrace.parse("[{", 0, "y.json"));
    assertTrue(e.getMessage().startsWith("y.json: not a JSON profiler trace: "), e.getMessage());
  }
}
