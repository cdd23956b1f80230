package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec.Kind;
import org.junit.jupiter.api.Test;

class DatasetSpecTest {
  private static final String FORMS =
      "allowed: fashion-mnist:{train|test}[:N], mnist:{train|test}[:N], cifar10:{train|test}[:N], imagenet:val[:N]";

  @Test
  void parsesTheDocumentedForms() {
    assertEquals(
        new DatasetSpec(Kind.FASHION_MNIST, "test", 0), DatasetSpec.parse("fashion-mnist:test"));
    assertEquals(
        new DatasetSpec(Kind.FASHION_MNIST, "train", 2000),
        DatasetSpec.parse("fashion-mnist:train:2000"));
    assertEquals(new DatasetSpec(Kind.MNIST, "test", 0), DatasetSpec.parse("mnist:test"));
    assertEquals(new DatasetSpec(Kind.CIFAR10, "test", 0), DatasetSpec.parse("cifar10:test"));
    assertEquals(
        new DatasetSpec(Kind.CIFAR10, "train", 5000), DatasetSpec.parse("cifar10:train:5000"));
    assertEquals(new DatasetSpec(Kind.IMAGENET, "val", 0), DatasetSpec.parse("imagenet:val"));
    assertEquals(
        new DatasetSpec(Kind.IMAGENET, "val", 100), DatasetSpec.parse(" imagenet:val:100 "));
    assertEquals("cifar10:train:5000", DatasetSpec.parse("cifar10:train:5000").toString());
    assertEquals("fashion-mnist:test", DatasetSpec.parse("fashion-mnist:test").toString());
    assertTrue(DatasetSpec.parse("mnist:train:3").hasLimit());
    assertFalse(DatasetSpec.parse("mnist:train").hasLimit());
    assertEquals("mnist:train:7", DatasetSpec.parse("mnist:train").withLimit(7).toString());
  }

  @Test
  void errorsNameTheSpecAndTheAllowedForms() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> DatasetSpec.parse("fashion-mnist"));
    assertEquals("dataset 'fashion-mnist': expected NAME:SPLIT[:N]; " + FORMS, e.getMessage());
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("svhn:test"));
    assertEquals("dataset 'svhn:test': unknown dataset 'svhn'; " + FORMS, e.getMessage());
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("cifar10:val"));
    assertEquals(
        "dataset 'cifar10:val': split must be train or test, found 'val'; " + FORMS,
        e.getMessage());
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("imagenet:test"));
    assertEquals(
        "dataset 'imagenet:test': split must be val, found 'test'; " + FORMS, e.getMessage());
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("mnist:test:0"));
    assertEquals(
        "dataset 'mnist:test:0': N must be a positive integer (the first N images), found '0'; "
            + FORMS,
        e.getMessage());
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("mnist:test:lots"));
    assertTrue(
        e.getMessage().startsWith("dataset 'mnist:test:lots': N must be a positive integer"));
    e = assertThrows(UserInputException.class, () -> DatasetSpec.parse("mnist:test:1:2"));
    assertEquals("dataset 'mnist:test:1:2': expected NAME:SPLIT[:N]; " + FORMS, e.getMessage());
  }

  @Test
  void normalizationNamesParse() {
    assertEquals(Normalization.MEAN_STD, Normalization.parse("mean-std"));
    assertEquals(Normalization.PER_IMAGE, Normalization.parse("PER_IMAGE"));
    UserInputException e =
        assertThrows(UserInputException.class, () -> Normalization.parse("zscore"));
    assertEquals(
        "unknown normalization 'zscore'; allowed: raw, unit, mean-std, per-image, resnet, efficientnet",
        e.getMessage());
  }
}
