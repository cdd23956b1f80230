package org.fsneurons.models.data;

/** Layout conversions of single images. */
final class Layouts {
  private Layouts() {}

  /** Copies one HWC image at {@code src[srcOff..]} to CHW at {@code dst[dstOff..]}. */
  static void hwcToChw(float[] src, int srcOff, float[] dst, int dstOff, int h, int w, int c) {
    int plane = h * w;
    for (int p = 0; p < plane; p++) {
      int s = srcOff + p * c;
      for (int ch = 0; ch < c; ch++) {
        dst[dstOff + ch * plane + p] = src[s + ch];
      }
    }
  }
}
