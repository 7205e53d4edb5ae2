package io.flotilla.source.git;

/** Flux's Git revision strings (fluxcd/pkg {@code git.Commit.String}). */
final class Revision {
  private Revision() {}

  /**
   * {@code <short ref>@sha1:<hex>} where the short ref is the full ref name without its first two
   * segments ({@code refs/heads/main} → {@code main}, {@code refs/pull/1/head} → {@code 1/head});
   * just {@code sha1:<hex>} when there is no ref.
   */
  static String of(String fullRef, String commitHex) {
    String digest = "sha1:" + commitHex;
    if (fullRef == null) {
      return digest;
    }
    String[] parts = fullRef.split("/", 3);
    return parts.length == 3 ? parts[2] + "@" + digest : digest;
  }
}
