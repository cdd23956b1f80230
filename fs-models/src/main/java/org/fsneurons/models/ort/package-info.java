/**
 * ONNX Runtime sessions: one owner per session ({@link org.fsneurons.models.ort.OrtRunner}); no ORT
 * type leaves it.
 */
package org.fsneurons.models.ort;
