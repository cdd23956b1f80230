/**
 * ONNX model files: reading with clear errors, writing, hashing, opset queries, shapes from
 * value_info; raising opset-6 models to opset 7 ({@link org.fsneurons.models.onnx.OpsetUpgrade}).
 */
package org.fsneurons.models.onnx;
