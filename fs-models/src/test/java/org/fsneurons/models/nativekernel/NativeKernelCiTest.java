package org.fsneurons.models.nativekernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The native FS kernel must not go missing silently in CI (issue 11): with {@code CI=true} (as
 * {@code .ci/run} sets) a kernel that was not built or does not load fails the build with {@link
 * NativeFsKernel#unavailableReason()}; elsewhere its absence is reported as a skip (the other
 * native tests then skip too).
 */
class NativeKernelCiTest {
  @Test
  void kernelIsPresentUnderCi() {
    boolean present = NativeFsKernel.library().isPresent();
    if (!"true".equals(System.getenv("CI"))) {
      Assumptions.assumeTrue(
          present, () -> "native FS kernel unavailable: " + NativeFsKernel.unavailableReason());
    }
    assertTrue(
        present,
        () -> "CI=true: native FS kernel unavailable: " + NativeFsKernel.unavailableReason());
  }
}
