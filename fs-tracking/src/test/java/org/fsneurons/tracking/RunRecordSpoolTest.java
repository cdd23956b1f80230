package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models, dataset inputs and parents of a {@link RunRecord}, and how the spool keeps them (no
 * server needed).
 */
class RunRecordSpoolTest {
  @TempDir Path dir;

  private static RunRecord record(String localId) {
    return new RunRecord(localId, "fsneurons", "sweep", 1L, 2L, Map.of(), Map.of(), Map.of(), null);
  }

  @Test
  void theSpoolKeepsModelsInputsAndParentAndRemovesThemWithTheEntry() throws Exception {
    Path model = dir.resolve("fs.onnx");
    Files.write(model, new byte[] {8, 7, 18, 3});
    DatasetInput in = DatasetInput.local("fashion-mnist:test", dir, List.of(model), 10000, "test");
    Spool spool = new Spool(dir.resolve("spool"));
    spool.save(
        record("b").withModels(Map.of("fs_model", model)).withInputs(List.of(in)).withParent("a"),
        null,
        "down");
    Spool.Entry e = spool.entries().get(0);
    Path kept = dir.resolve("spool/b.models/fs_model.onnx");
    assertEquals(Map.of("fs_model", kept), e.record().models());
    assertEquals(List.of(in), e.record().inputs());
    assertEquals("a", e.record().parentLocalId());
    assertTrue(Arrays.equals(new byte[] {8, 7, 18, 3}, Files.readAllBytes(kept)));
    spool.remove(e);
    assertFalse(Files.exists(dir.resolve("spool/b.models")));
    assertEquals(List.of(), spool.entries());
  }

  @Test
  void anUnreadableSpoolFileIsNamedAndKeepsNoOtherRunFromBeingListed() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    spool.save(record("b"), null, "down");
    Path bad = Files.writeString(dir.resolve("spool/a.json"), "{\"format\": \"fs");
    Spool.Listing l = spool.list();
    assertEquals(List.of("b"), l.entries().stream().map(e -> e.record().localId()).toList());
    assertEquals(1, l.unreadable().size());
    assertTrue(
        l.unreadable().get(0).startsWith(bad + ": not a spool entry ("), l.unreadable().get(0));
    assertTrue(l.unreadable().get(0).endsWith("); move it away or delete it"));
    assertEquals(2, l.waiting());
    // entries() stays strict: it names the file
    assertEquals(
        l.unreadable().get(0), assertThrows(UserInputException.class, spool::entries).getMessage());
    // what ./fs run says of the spool counts both files and does not fail on the bad one
    Tracking t = Tracking.spoolOnly(spool, "down", new PrintWriter(new StringWriter()));
    assertEquals(2, t.spooled());
  }

  @Test
  void localDatasetDigestIsTheSha256OfTheFilesSha256s() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "abc", StandardCharsets.US_ASCII);
    // sha256("abc") = ba7816bf...f20015ad (FIPS 180-2 example); the digest hashes that hex text
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        DatasetInput.fileSha256(a));
    DatasetInput d = DatasetInput.local("x", dir, List.of(a), -1, null);
    assertEquals(32, d.digest().length());
    assertEquals("local", d.sourceType());
    assertEquals("{\"uri\":\"" + dir.toAbsolutePath().normalize() + "\"}", d.source());
    assertNull(d.profile());
    assertEquals("{\"num_rows\":3}", DatasetInput.local("x", dir, List.of(a), 3, null).profile());
  }

  @Test
  void parentsAreSyncedBeforeTheirChildren() {
    Path j = Path.of("x.json");
    Spool.Entry child =
        new Spool.Entry(j, record("1-child").withParent("9-parent"), null, null, null);
    Spool.Entry grandchild =
        new Spool.Entry(j, record("0-grandchild").withParent("1-child"), null, null, null);
    Spool.Entry parent = new Spool.Entry(j, record("9-parent"), null, null, null);
    Spool.Entry orphan =
        new Spool.Entry(j, record("2-orphan").withParent("gone"), null, null, null);
    assertEquals(
        List.of("2-orphan", "9-parent", "1-child", "0-grandchild"),
        Spool.parentsFirst(List.of(grandchild, child, orphan, parent)).stream()
            .map(e -> e.record().localId())
            .toList());
  }

  @Test
  void badModelNamesAndSelfParentsAreRefused() {
    IllegalArgumentException name =
        assertThrows(
            IllegalArgumentException.class,
            () -> record("a").withModels(Map.of("../x", Path.of("m.onnx"))));
    assertEquals(
        "model artifact path '../x': expected letters, digits, '_', '.', '-' (at most 100, e.g. fs_model)",
        name.getMessage());
    IllegalArgumentException self =
        assertThrows(IllegalArgumentException.class, () -> record("a").withParent("a"));
    assertEquals("run a cannot be its own parent", self.getMessage());
    IllegalArgumentException digest =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DatasetInput("d", "x".repeat(37), "{}", "local", null, null));
    assertEquals(
        "dataset digest: expected 1..36 characters, found '" + "x".repeat(37) + "'",
        digest.getMessage());
  }
}
