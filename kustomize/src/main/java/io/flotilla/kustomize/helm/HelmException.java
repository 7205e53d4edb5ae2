package io.flotilla.kustomize.helm;

/**
 * Inflating or rendering a chart failed. Its own type, so that this package does not depend on the
 * build that calls it (the build reports it as a {@code HelmException} with the same message).
 */
public final class HelmException extends Exception {
  public HelmException(String message) {
    super(message);
  }

  public HelmException(String message, Throwable cause) {
    super(message, cause);
  }
}
