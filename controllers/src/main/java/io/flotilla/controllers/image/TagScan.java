package io.flotilla.controllers.image;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.kustomize.GoRegexp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** What a scan keeps of a tag list: {@code exclusionList}, the latest-tags sample, the revision. */
final class TagScan {
  static final int LATEST_TAGS = 10;
  private final List<GoRegexp> exclusions;

  private TagScan(List<GoRegexp> exclusions) {
    this.exclusions = exclusions;
  }

  /**
   * @throws ReconcileException terminal, naming the expression that does not compile
   */
  static TagScan of(List<String> exclusionList) throws ReconcileException {
    List<GoRegexp> out = new ArrayList<>();
    for (String p : exclusionList) {
      try {
        out.add(GoRegexp.compile(p));
      } catch (GoRegexp.SyntaxError e) {
        throw new ReconcileException(
            Reasons.FAILED,
            "spec.exclusionList: failed to compile regex %s: %s".formatted(p, e.getMessage()),
            true);
      }
    }
    return new TagScan(out);
  }

  /**
   * @throws ReconcileException terminal, when an expression backtracks too much on a tag
   */
  List<String> filter(List<String> tags) throws ReconcileException {
    if (exclusions.isEmpty()) {
      return tags;
    }
    List<String> kept = new ArrayList<>(tags.size());
    try {
      for (String t : tags) {
        if (exclusions.stream().noneMatch(p -> p.matcher(t).find())) {
          kept.add(t);
        }
      }
    } catch (GoRegexp.TooComplex e) {
      throw new ReconcileException(Reasons.FAILED, "spec.exclusionList: " + e.getMessage(), true);
    }
    return kept;
  }

  /** The ten greatest tags in descending string order (Flux's sample, not a version order). */
  static List<String> latest(List<String> tags) {
    return tags.stream().sorted(Comparator.reverseOrder()).limit(LATEST_TAGS).toList();
  }

  /** A digest of the tags as a set: the same tags in any order give the same revision. */
  static String revision(List<String> tags) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      tags.stream().sorted().forEach(t -> sha.update((t + "\n").getBytes(StandardCharsets.UTF_8)));
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
