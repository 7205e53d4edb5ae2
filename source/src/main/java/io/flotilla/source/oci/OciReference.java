package io.flotilla.source.oci;

import java.util.regex.Pattern;

/** {@code oci://<registry>[:port]/<repository>} split into its registry and repository. */
public record OciReference(String registry, String repository) {
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  /**
   * @throws IllegalArgumentException naming the field and what to write instead
   */
  public static OciReference parse(String url) {
    if (url == null || !url.startsWith("oci://")) {
      throw new IllegalArgumentException(
          "spec.url '%s' must start with 'oci://', e.g. 'oci://ghcr.io/org/manifests'"
              .formatted(url));
    }
    String rest = url.substring("oci://".length());
    if (rest.contains("@")) {
      throw new IllegalArgumentException(
          "spec.url must not carry credentials or a digest; use spec.secretRef and spec.ref.digest");
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "spec.url '%s' has no repository path, e.g. 'oci://ghcr.io/org/manifests'"
              .formatted(url));
    }
    String registry = rest.substring(0, slash);
    String repository = rest.substring(slash + 1);
    if (repository.contains(":")) {
      throw new IllegalArgumentException(
          "spec.url '%s' must not contain a tag; use spec.ref.tag".formatted(url));
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "spec.url '%s': '%s' is not a valid repository name (lower-case letters, digits, '.', '_', '-' and '/')"
              .formatted(url, repository));
    }
    return new OciReference(registry, repository);
  }

  @Override
  public String toString() {
    return registry + "/" + repository;
  }
}
