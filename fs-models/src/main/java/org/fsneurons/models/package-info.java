/**
 * fsneurons models: the only module that uses ONNX Runtime. Sessions ({@code ort}), ONNX model
 * files ({@code onnx}), conversion of activations to FS neurons ({@code convert}), instrumentation
 * ({@code instrument}), architectures ({@code arch}), datasets ({@code data}), evaluation ({@code
 * eval}) and the native FS kernel ({@code nativekernel}).
 */
package org.fsneurons.models;
