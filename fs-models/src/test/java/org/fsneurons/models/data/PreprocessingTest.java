package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingTest {
  @TempDir Path dir;

  private Path model(String json) throws Exception {
    Path m = dir.resolve("net.onnx");
    Files.write(m, new byte[] {1});
    if (json != null) {
      Files.writeString(dir.resolve("net.json"), json);
    }
    return m;
  }

  @Test
  void explicitSettingWinsOverMetadata() throws Exception {
    Path m = model("{\"preprocessing\": {\"normalization\": \"unit\"}}");
    Preprocessing p =
        Preprocessing.resolve(
            m, DatasetSpec.Kind.FASHION_MNIST, Normalization.RAW, "--normalization");
    assertEquals(Normalization.RAW, p.normalization());
    assertEquals("--normalization", p.source());
  }

  @Test
  void metadataNamesTheNormalization() throws Exception {
    Path m = model("{\"preprocessing\": {\"normalization\": \"unit\"}}");
    Preprocessing p =
        Preprocessing.resolve(m, DatasetSpec.Kind.FASHION_MNIST, null, "--normalization");
    assertEquals(Normalization.UNIT, p.normalization());
    assertEquals(dir.resolve("net.json").toString(), p.source());
    assertEquals("x = pixel / 255", p.formula(DatasetSpec.Kind.FASHION_MNIST));
  }

  @Test
  void metadataMeanAndStdOfTheDatasetMeanMeanStd() throws Exception {
    Path m = model("{\"preprocessing\": {\"mean\": 0.286, \"std\": 0.353}}");
    assertEquals(
        Normalization.MEAN_STD,
        Preprocessing.resolve(m, DatasetSpec.Kind.FASHION_MNIST, null, "x").normalization());
    // other values cannot be expressed: the dataset default is used and said so
    Path other = model("{\"preprocessing\": {\"mean\": 0.5, \"std\": 0.5}}");
    Preprocessing p = Preprocessing.resolve(other, DatasetSpec.Kind.FASHION_MNIST, null, "x");
    assertEquals("dataset default (fashion-mnist)", p.source());
  }

  @Test
  void withoutMetadataTheDatasetDefault() throws Exception {
    Preprocessing p = Preprocessing.resolve(model(null), DatasetSpec.Kind.CIFAR10, null, "x");
    assertEquals(Normalization.PER_IMAGE, p.normalization());
    assertEquals("dataset default (cifar10)", p.source());
  }

  @Test
  void badMetadataIsOneLineNamingTheFile() throws Exception {
    Path m = model("{\"preprocessing\": {\"normalization\": \"resnet\"}}");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Preprocessing.resolve(m, DatasetSpec.Kind.FASHION_MNIST, null, "x"));
    assertTrue(
        e.getMessage()
            .startsWith(
                dir.resolve("net.json")
                    + ": preprocessing.normalization: normalization "
                    + "'resnet' does not apply to fashion-mnist; expected one of mean-std, unit, raw"),
        e.getMessage());
    Path broken = model("{\"preprocessing\": ");
    e =
        assertThrows(
            UserInputException.class,
            () -> Preprocessing.resolve(broken, DatasetSpec.Kind.FASHION_MNIST, null, "x"));
    assertTrue(
        e.getMessage().contains("net.json: the model's metadata is not valid JSON (line 1"),
        e.getMessage());
  }
}
