/** ONNX model files: reading with clear errors, writing, hashing, opset queries, shapes from value_info. */
package org.fsneurons.models.onnx;
