package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What Flux's commit-status providers share: the commit of an event, its status id and wording. */
final class CommitStatus {
  private CommitStatus() {}

  /**
   * The commit hash in a Flux revision: {@code main@sha1:<hash>}, {@code sha256:<hash>}, the legacy
   * {@code main/<hash>}, or a bare hash.
   */
  static String commit(FluxEvent e) throws DeliveryException {
    String rev = e.meta("revision");
    if (rev == null || rev.isEmpty()) {
      throw DeliveryException.permanent("missing revision metadata");
    }
    String r = rev;
    int at = r.lastIndexOf('@');
    if (at >= 0) {
      r = r.substring(at + 1);
    }
    int colon = r.indexOf(':');
    if (colon >= 0) {
      r = r.substring(colon + 1);
    } else if (r.contains("/")) {
      r = r.substring(r.lastIndexOf('/') + 1);
    }
    if (!r.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw DeliveryException.permanent(
          "failed to extract commit hash from '" + rev + "' revision");
    }
    return r;
  }

  /** Flux's status id: {@code kind/name/<first part of the Provider's UID>}, lower case. */
  static String id(String providerUid, FluxEvent e) {
    String uid = providerUid == null ? "" : providerUid.split("-")[0];
    return (e.involvedObject().kind() + "/" + e.involvedObject().name() + "/" + uid)
        .toLowerCase(Locale.ROOT);
  }

  /** Flux's status name: {@code kind/name}, lower case. */
  static String name(FluxEvent e) {
    return (e.involvedObject().kind() + "/" + e.involvedObject().name()).toLowerCase(Locale.ROOT);
  }

  /** Flux's description: the reason split at case changes, lower case ("reconciliation failed"). */
  static String description(FluxEvent e) {
    return String.join(" ", splitCamelCase(e.reason())).toLowerCase(Locale.ROOT);
  }

  /** Go's camelcase split: runs of one character class; "PDFLoader" is "PDF", "Loader". */
  static List<String> splitCamelCase(String s) {
    List<StringBuilder> runs = new ArrayList<>();
    int last = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int cls =
          Character.isLowerCase(c)
              ? 1
              : Character.isUpperCase(c) ? 2 : Character.isDigit(c) ? 3 : 4;
      if (cls == last && !runs.isEmpty()) {
        runs.get(runs.size() - 1).appendCodePoint(c);
      } else {
        runs.add(new StringBuilder().appendCodePoint(c));
      }
      last = cls;
      i += Character.charCount(c);
    }
    for (int i = 0; i < runs.size() - 1; i++) {
      StringBuilder a = runs.get(i);
      StringBuilder b = runs.get(i + 1);
      if (Character.isUpperCase(a.codePointAt(0)) && Character.isLowerCase(b.codePointAt(0))) {
        int lastCp = a.codePointBefore(a.length());
        b.insert(0, Character.toChars(lastCp));
        a.setLength(a.length() - Character.charCount(lastCp));
      }
    }
    List<String> out = new ArrayList<>();
    runs.forEach(
        r -> {
          if (!r.isEmpty()) {
            out.add(r.toString());
          }
        });
    return out;
  }

  /** Flux's commit-status providers report success or failure, never progress. */
  static boolean progressing(FluxEvent e) {
    return "Progressing".equals(e.reason());
  }
}
