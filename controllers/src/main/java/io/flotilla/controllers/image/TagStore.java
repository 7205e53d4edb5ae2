package io.flotilla.controllers.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tags of each scanned image, by canonical name: what image-reflector-controller keeps in its
 * database, shared by the ImageRepository scans (writers) and the ImagePolicies (readers). Kept as
 * one array per image (a 100,000-tag repository is a few MiB), replaced whole by each scan.
 */
final class TagStore {
  private final Map<String, List<String>> tags = new ConcurrentHashMap<>();

  void put(String canonicalName, List<String> scanned) {
    tags.put(canonicalName, List.copyOf(scanned));
  }

  /** Empty when the image was never scanned by this process. */
  Optional<List<String>> get(String canonicalName) {
    return Optional.ofNullable(tags.get(canonicalName));
  }
}
