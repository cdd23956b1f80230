/**
 * The native FS kernel for ONNX Runtime: locating the bundled custom-op library ({@code
 * libfsneurons_ort.so}, built from {@code src/main/native} by {@code scripts/build-native.sh}) and
 * registering it with session options, so FS nodes run on one fused pass instead of their ONNX
 * function body.
 */
package org.fsneurons.models.nativekernel;
