package io.flotilla.controllers.image;

import io.flotilla.source.oci.OciReference;
import java.util.regex.Pattern;

/**
 * {@code ImageRepository.spec.image} split as a container runtime reads it: a first component with
 * a dot, a colon or {@code localhost} is the registry, else Docker Hub ({@code index.docker.io},
 * with {@code library/} for official images).
 */
record ImageReference(String registry, String repository) {
  static final String DOCKER_HUB = "index.docker.io";
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  /**
   * @throws IllegalArgumentException naming the field and what to write instead
   */
  static ImageReference parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException(
          "spec.image is empty; name an image such as 'ghcr.io/org/app'");
    }
    int scheme = image.indexOf("://");
    if (scheme >= 0) {
      throw new IllegalArgumentException(
          ".spec.image value should not start with URL scheme; remove '%s://'"
              .formatted(image.substring(0, scheme)));
    }
    if (image.contains("@")) {
      throw new IllegalArgumentException(
          ".spec.image value should not contain a digest; remove '%s'"
              .formatted(image.substring(image.indexOf('@'))));
    }
    int slash = image.indexOf('/');
    String first = slash < 0 ? "" : image.substring(0, slash);
    String registry;
    String repository;
    if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      registry = first;
      repository = image.substring(slash + 1);
    } else {
      registry = DOCKER_HUB;
      repository = image.contains("/") ? image : "library/" + image;
    }
    if (registry.equals("docker.io")) {
      registry = DOCKER_HUB;
    }
    int colon = repository.indexOf(':');
    if (colon >= 0) {
      throw new IllegalArgumentException(
          ".spec.image value should not contain a tag; remove ':%s'"
              .formatted(repository.substring(colon + 1)));
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "spec.image '%s': '%s' is not a valid repository name (lower-case letters, digits, '.', '_', '-' and '/')"
              .formatted(image, repository));
    }
    return new ImageReference(registry, repository);
  }

  /**
   * What the status calls {@code canonicalImageName}, e.g. {@code index.docker.io/library/alpine}.
   */
  String canonical() {
    return registry + "/" + repository;
  }

  OciReference oci() {
    // Docker Hub's API lives at registry-1.docker.io; index.docker.io is only its name
    return new OciReference(
        registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry, repository);
  }
}
