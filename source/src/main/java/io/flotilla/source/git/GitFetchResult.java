package io.flotilla.source.git;

import java.nio.file.Path;

/**
 * A checked-out commit: {@code revision} in Flux's format ({@code main@sha1:<hex>}, {@code
 * v1.0.0@sha1:<hex>} or {@code sha1:<hex>}), the 40-hex {@code commit}, the commit's {@code
 * subject} shortened as Flux shows it in events (first line, at most 50 characters then {@code
 * ...}), and the work tree it was checked out into (which contains a {@code .git} directory;
 * packing excludes it). {@code commitObject} is the raw commit (with any signature), {@code tag}
 * the annotated tag the ref pointed at, if any: what {@link GitVerifier} checks.
 */
public record GitFetchResult(
    String revision,
    String commit,
    String subject,
    Path workTree,
    byte[] commitObject,
    TagObject tag) {

  public GitFetchResult(String revision, String commit, String subject, Path workTree) {
    this(revision, commit, subject, workTree, null, null);
  }

  /** An annotated tag: its short name, object id and raw bytes (with any signature). */
  public record TagObject(String name, String id, byte[] raw) {}

  /** Flux's {@code Commit.ShortMessage()}: the first line, cut to 50 characters plus "...". */
  static String shortMessage(String fullMessage) {
    if (fullMessage == null) {
      return "";
    }
    String subject = fullMessage.split("\n", 2)[0];
    int[] cps = subject.codePoints().toArray();
    return cps.length > 50 ? new String(cps, 0, 50) + "..." : subject;
  }
}
