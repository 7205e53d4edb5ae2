package io.flotilla.kustomize;

/**
 * A kustomize build failed. The message follows kustomize's wording where one exists and names the
 * file (relative to the build root) and, for YAML errors, the line.
 */
public final class KustomizeException extends Exception {
  public KustomizeException(String message) {
    super(message);
  }

  public KustomizeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The same failure with context in front, e.g. which kustomization listed the file. */
  KustomizeException wrap(String context) {
    return new KustomizeException(context + ": " + getMessage(), this);
  }
}
