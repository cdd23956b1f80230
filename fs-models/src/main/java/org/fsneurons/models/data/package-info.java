/**
 * Labelled image datasets for evaluation: an {@link org.fsneurons.models.data.ImageDataset} gives
 * images in HWC float32 and fills batches in {@link org.fsneurons.models.data.Layout#NCHW} or
 * {@code NHWC}.
 *
 * <p>Readers: {@link org.fsneurons.models.data.IdxReader} (MNIST and Fashion-MNIST, gzip or raw),
 * {@link org.fsneurons.models.data.Cifar10Reader} (CIFAR-10 binary batches), {@link
 * org.fsneurons.models.data.ImageNetFolder} (a validation folder of JPEG files plus a labels file,
 * decoded on demand with the official TF ResNet or EfficientNet preprocessing of {@link
 * org.fsneurons.models.data.ImageNetTransform}). {@link org.fsneurons.models.data.Datasets} opens a
 * dataset from a spec string such as {@code fashion-mnist:test} or {@code cifar10:train:5000}
 * ({@link org.fsneurons.models.data.DatasetSpec}) with the data folders taken from {@code
 * FASHION_MNIST_DIR}, {@code MNIST_DIR}, {@code CIFAR10_DIR} and {@code IMAGENET_DIR}.
 *
 * <p>{@link org.fsneurons.models.data.InputLayout} decides NCHW or NHWC from a model's input shape
 * and the images.
 *
 * <p>Problems with the data files (wrong magic number, truncated file, count mismatch, missing
 * label or file) are {@link org.fsneurons.core.UserInputException}s whose one-line message starts
 * with the file's path.
 */
package org.fsneurons.models.data;
