package io.flotilla.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.regex.Pattern;

/** Reading fabric8 errors the way Flux reads API errors. */
final class Errors {
  private static final Pattern IMMUTABLE = Pattern.compile("is immutable|immutable field");
  private static final Pattern QUOTED_VALUE =
      Pattern.compile("(Invalid value: )\"(?:[^\"\\\\]|\\\\.)*\"");

  private Errors() {}

  /** The API server's own message when there is one, else the client's. */
  static String serverMessage(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null
        && !k.getStatus().getMessage().isBlank()) {
      return k.getStatus().getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * The server's message about {@code ref}; for Secrets the rejected values are masked, since
   * validation messages quote them and these messages end up in events and status.
   */
  static String serverMessage(ObjectRef ref, Throwable e) {
    String message = serverMessage(e);
    if ("Secret".equals(ref.kind()) && ref.group().isEmpty()) {
      return QUOTED_VALUE.matcher(message).replaceAll("$1\"*****\"");
    }
    return message;
  }

  /** The status reason (e.g. {@code Invalid}), or empty. */
  static String reason(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getReason() != null) {
      return k.getStatus().getReason();
    }
    return "";
  }

  static int code(Throwable e) {
    return e instanceof KubernetesClientException k ? k.getCode() : 0;
  }

  /**
   * Like kubectl and Flux: a 409 Conflict or 422 Invalid answer, or a message about an immutable
   * field (admission webhooks, CEL rules), means the object must be recreated to change.
   */
  static boolean immutable(Throwable e) {
    int code = code(e);
    return code == 409 || code == 422 || IMMUTABLE.matcher(serverMessage(e)).find();
  }
}
