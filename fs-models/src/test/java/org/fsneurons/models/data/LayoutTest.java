package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  void parsesEitherCaseAndRefusesOthersInOneLine() {
    assertEquals(Layout.NCHW, Layout.parse("nchw"));
    assertEquals(Layout.NHWC, Layout.parse(" NHWC "));
    assertEquals(
        "expected nchw or nhwc, found 'chw'",
        assertThrows(UserInputException.class, () -> Layout.parse("chw")).getMessage());
  }

  @Test
  void shapeOrdersTheDimensions() {
    assertArrayEquals(new long[] {2, 3, 28, 32}, Layout.NCHW.shape(2, 28, 32, 3));
    assertArrayEquals(new long[] {2, 28, 32, 3}, Layout.NHWC.shape(2, 28, 32, 3));
  }
}
