package io.flotilla.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Supplier;

/** The one bounded copy of a download into a file, for every source backend that streams one. */
public final class BoundedCopy {
  private BoundedCopy() {}

  /**
   * Copies {@code in} into {@code target}, each byte also through {@code digest} unless it is null,
   * and returns how many were copied; past {@code maxBytes} it throws what {@code tooLarge} makes
   * (each backend says it in its own words).
   */
  public static <E extends Exception> long toFile(
      InputStream in, Path target, long maxBytes, MessageDigest digest, Supplier<E> tooLarge)
      throws IOException, E {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge.get();
        }
        if (digest != null) {
          digest.update(buf, 0, n);
        }
        out.write(buf, 0, n);
      }
    }
    return total;
  }
}
