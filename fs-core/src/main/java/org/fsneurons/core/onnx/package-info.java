/**
 * The FS operator for ONNX: op {@code ai.fsneurons::FSNeuron} whose semantics are a model-local
 * FunctionProto (an unrolled {@code dynamics} body or an exact {@code table} body), so any ONNX
 * runtime runs it without native code. Protobuf only (tribuo-util-onnx); no ONNX Runtime here.
 */
package org.fsneurons.core.onnx;
