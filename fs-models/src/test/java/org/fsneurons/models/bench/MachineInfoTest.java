package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MachineInfoTest {
  @Test
  void cpuModelIsTheFirstModelNameLine() {
    // lines as in Linux's /proc/cpuinfo on x86
    List<String> cpuinfo =
        List.of(
            "processor\t: 0",
            "vendor_id\t: AuthenticAMD",
            "cpu family\t: 25",
            "model\t\t: 1",
            "model name\t: AMD EPYC 7763 64-Core Processor",
            "processor\t: 1",
            "model name\t: something else");
    assertEquals("AMD EPYC 7763 64-Core Processor", MachineInfo.cpuModel(cpuinfo));
    assertEquals("unknown", MachineInfo.cpuModel(List.of("processor : 0")));
  }

  @Test
  void loadAverageIsTheFirstField() {
    assertEquals(
        OptionalDouble.of(5.52), MachineInfo.parseLoadAverage("5.52 5.48 4.09 3/412 12345"));
    assertTrue(MachineInfo.parseLoadAverage("x").isEmpty());
  }

  @Test
  void describesThisMachine() {
    MachineInfo m = MachineInfo.current();
    assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
    assertEquals(System.getProperty("java.version"), m.javaVersion());
    assertEquals("1.29.0", m.ortVersion()); // the version pinned in the root POM
  }
}
