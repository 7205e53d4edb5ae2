package io.flotilla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded copy every streaming source backend shares. */
class BoundedCopyTest {
  @TempDir Path dir;

  @Test
  void copiesUpToTheLimitAndDigestsWhatItCopies() throws Exception {
    byte[] data = new byte[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    Path target = dir.resolve("blob");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");

    long copied =
        BoundedCopy.toFile(
            new ByteArrayInputStream(data), target, data.length, sha, () -> new IOException("x"));

    assertThat(copied).isEqualTo(data.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(HexFormat.of().formatHex(sha.digest()))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void oneByteOverTheLimitThrowsTheCallersException() {
    Path target = dir.resolve("big");

    assertThatThrownBy(
            () ->
                BoundedCopy.toFile(
                    new ByteArrayInputStream(new byte[11]),
                    target,
                    10,
                    null,
                    () -> new IOException("too large")))
        .isInstanceOf(IOException.class)
        .hasMessage("too large");
  }
}
