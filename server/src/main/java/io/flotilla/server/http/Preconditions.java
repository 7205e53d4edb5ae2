package io.flotilla.server.http;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Optional;

/**
 * HTTP conditional requests, as ARM honours them: {@code If-Match} (a list of ETags or {@code *})
 * makes a write apply only to the version the caller read, {@code If-None-Match: *} makes a PUT
 * create-only. Checked inside the write's transaction, after the row is locked, so that of two
 * racing writers holding the same ETag exactly one wins and the other gets 412.
 */
public record Preconditions(String ifMatch, String ifNoneMatch) {
  public static final Preconditions NONE = new Preconditions(null, null);

  public static Preconditions of(Context ctx) {
    return new Preconditions(
        blankToNull(ctx.header("If-Match")), blankToNull(ctx.header("If-None-Match")));
  }

  /**
   * @param current the resource's ETag (quoted), or empty when it does not exist
   * @throws ArmException 412 PreconditionFailed when a condition does not hold
   */
  public void check(Optional<String> current) {
    if (ifMatch != null) {
      boolean ok =
          current.isPresent() && (ifMatch.strip().equals("*") || listed(ifMatch, current.get()));
      if (!ok) {
        throw failed(
            "If-Match",
            ifMatch,
            current.isEmpty()
                ? "The resource does not exist."
                : "The resource has changed since it was read (its ETag is now "
                    + current.get()
                    + "). Read it again and retry the change.");
      }
    }
    if (ifNoneMatch != null && current.isPresent()) {
      if (ifNoneMatch.strip().equals("*")) {
        throw failed("If-None-Match", ifNoneMatch, "The resource already exists.");
      }
      if (listed(ifNoneMatch, current.get())) {
        throw failed("If-None-Match", ifNoneMatch, "The resource still has this ETag.");
      }
    }
  }

  /** For GET: true when the client's If-None-Match already names the current ETag (304). */
  public boolean notModified(String current) {
    return ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || listed(ifNoneMatch, current));
  }

  /** A GET's answer: the resource with its ETag, or 304 when the client has it already. */
  public static void answerGet(Context ctx, String etag, Object resource) {
    ctx.header("ETag", etag);
    if (of(ctx).notModified(etag)) {
      ctx.status(304);
      return;
    }
    ctx.json(resource);
  }

  /** If-None-Match may list several tags, quoted or not, weak or strong. */
  public static boolean listed(String header, String etag) {
    if (header == null || header.isBlank()) {
      return false;
    }
    String bare = unquote(etag);
    return Arrays.stream(header.split(","))
        .map(String::strip)
        .map(t -> t.startsWith("W/") ? t.substring(2) : t)
        .anyMatch(t -> unquote(t).equals(bare));
  }

  /** A strong ETag from a version number. */
  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  private static ArmException failed(String header, String value, String why) {
    return new ArmException(
        412,
        "PreconditionFailed",
        "The condition '" + header + ": " + value + "' is not met. " + why,
        header);
  }

  private static String unquote(String t) {
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
