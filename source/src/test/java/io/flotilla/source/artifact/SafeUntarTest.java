package io.flotilla.source.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUntarTest {
  @TempDir Path tmp;

  private Path into() {
    return tmp.resolve("out");
  }

  @Test
  void extractsFilesAndDirectories() throws IOException {
    byte[] tgz = tgz(file("a/b.yaml", "x: 1\n"), dir("c/"), file("run.sh", "#!/bin/sh\n", 0755));
    SafeUntar.extract(new ByteArrayInputStream(tgz), into(), 1 << 20);
    assertThat(into().resolve("a/b.yaml")).hasContent("x: 1");
    assertThat(into().resolve("c")).isDirectory();
    assertThat(Files.isExecutable(into().resolve("run.sh"))).isTrue();
  }

  @Test
  void refusesEntriesEscapingTheTarget() {
    for (String name :
        new String[] {"../evil.yaml", "a/../../evil.yaml", "/etc/evil", "a\\..\\b"}) {
      byte[] tgz = tgz(file(name, "x"));
      assertThatThrownBy(() -> SafeUntar.extract(new ByteArrayInputStream(tgz), into(), 1 << 20))
          .as(name)
          .isInstanceOf(SafeUntar.RejectedException.class)
          .hasMessageContaining("tar contained invalid name error");
    }
    assertThat(tmp.resolve("evil.yaml")).doesNotExist();
  }

  @Test
  void refusesSymlinksAndDevices() {
    TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK);
    link.setLinkName("/etc/passwd");
    assertThatThrownBy(
            () ->
                SafeUntar.extract(
                    new ByteArrayInputStream(tgz(new Item(link, null))), into(), 1 << 20))
        .hasMessageContaining("is a symlink");
    TarArchiveEntry dev = new TarArchiveEntry("dev", TarConstants.LF_CHR);
    assertThatThrownBy(
            () ->
                SafeUntar.extract(
                    new ByteArrayInputStream(tgz(new Item(dev, null))), into(), 1 << 20))
        .hasMessageContaining("unsupported file type character device");
  }

  @Test
  void refusesArchivesLargerThanTheLimit() {
    byte[] tgz = tgz(file("a", "x".repeat(600)), file("b", "y".repeat(600)));
    assertThatThrownBy(() -> SafeUntar.extract(new ByteArrayInputStream(tgz), into(), 1000))
        .hasMessage("tar \"b\" is bigger than max archive size of 1000 bytes");
  }

  record Item(TarArchiveEntry entry, byte[] content) {}

  static Item file(String name, String content) {
    return file(name, content, 0644);
  }

  static Item file(String name, String content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(bytes.length);
    e.setMode(0100000 | mode);
    return new Item(e, bytes);
  }

  static Item dir(String name) {
    return new Item(new TarArchiveEntry(name), null);
  }

  static byte[] tgz(Item... items) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
        for (Item i : items) {
          tar.putArchiveEntry(i.entry());
          if (i.content() != null) {
            tar.write(i.content());
          }
          tar.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
