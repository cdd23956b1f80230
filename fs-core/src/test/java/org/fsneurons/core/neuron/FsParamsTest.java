package org.fsneurons.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FsParamsTest {

  private static String error(float[] h, float[] t, float[] d) {
    return assertThrows(IllegalArgumentException.class, () -> new FsParams(h, t, d)).getMessage();
  }

  @Test
  void validationMessages() {
    assertEquals(
        "FS parameters must have equal lengths K, found h=2, T=1, d=2",
        error(new float[2], new float[1], new float[2]));
    assertEquals(
        "FS parameters need K >= 1 time steps, found K=0",
        error(new float[0], new float[0], new float[0]));
    assertEquals(
        "FS parameter T[1] must be finite, found NaN",
        error(new float[2], new float[] {0f, Float.NaN}, new float[2]));
    assertEquals(
        "FS parameter d[0] must be finite, found Infinity",
        error(new float[1], new float[1], new float[] {Float.POSITIVE_INFINITY}));
    assertEquals(
        "FS parameter h[2] must be finite, found -Infinity",
        error(new float[] {1f, 2f, Float.NEGATIVE_INFINITY}, new float[3], new float[3]));
    assertEquals(
        "FS parameters h, T and d must all be given", error(null, new float[1], new float[1]));
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] h = {1f, 2f};
    float[] t = {0.5f, 0.25f};
    float[] d = {3f, 4f};
    FsParams p = new FsParams(h, t, d);
    h[0] = 99f;
    t[0] = 99f;
    d[0] = 99f;
    assertArrayEquals(new float[] {1f, 2f}, p.h());
    p.h()[1] = 77f;
    p.T()[1] = 77f;
    p.d()[1] = 77f;
    assertArrayEquals(new float[] {1f, 2f}, p.h());
    assertArrayEquals(new float[] {0.5f, 0.25f}, p.T());
    assertArrayEquals(new float[] {3f, 4f}, p.d());
    assertEquals(2f, p.h(1));
    assertEquals(0.25f, p.T(1));
    assertEquals(4f, p.d(1));
    assertEquals(2, p.k());
  }

  @Test
  void equalityScaleAndDoubles() {
    FsParams a =
        FsParams.ofDoubles(
            new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, new double[] {0.5, 0.6});
    FsParams b =
        new FsParams(new float[] {0.1f, 0.2f}, new float[] {0.3f, 0.4f}, new float[] {0.5f, 0.6f});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    FsParams s = a.scaled(2f);
    assertArrayEquals(new float[] {0.2f, 0.4f}, s.h());
    assertArrayEquals(new float[] {0.6f, 0.8f}, s.T());
    assertArrayEquals(new float[] {1.0f, 1.2f}, s.d());
    assertNotEquals(a, s);
    assertEquals("FsParams[K=2, h=[0.1, 0.2], T=[0.3, 0.4], d=[0.5, 0.6]]", a.toString());
  }
}
