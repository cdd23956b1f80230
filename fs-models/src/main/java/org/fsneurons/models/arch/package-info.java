/**
 * The paper's architectures built in Java as ONNX graphs ({@link
 * org.fsneurons.models.arch.Architectures}): CIFAR ResNet v2 of any depth 6n+2, ImageNet ResNet
 * v1.5 18/34/50/101/152 and EfficientNet B0–B7, structured as TensorFlow's official code, with
 * deterministic pseudo-random weights and a concrete shape for every tensor.
 */
package org.fsneurons.models.arch;
