package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code sha256:<hex>} digests in a HelmRelease's status: of the values (as YAML with sorted
 * keys, empty values hashing the empty input, as Flux's DigestValues), of a stored release (its
 * whole record, so any change by someone else is noticed), and of post-renderers or common metadata
 * (their JSON).
 */
final class Digests {
  private static final ObjectMapper SORTED_JSON =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .findAndAddModules()
          .build();
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Digests() {}

  static String values(JsonNode values) {
    if (values == null || values.isNull() || values.isEmpty()) {
      return sha256("");
    }
    try {
      // a tree keeps insertion order: go through a sorted map so equal values hash equally
      Object sorted = SORTED_JSON.treeToValue(values, Object.class);
      return sha256(YAML.writeValueAsString(sorted));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("values are JSON and serialise", e);
    }
  }

  /** Of any JSON-serialisable value (a release record, post-renderers), keys sorted. */
  static String of(Object value) {
    try {
      Object tree =
          value instanceof JsonNode n
              ? SORTED_JSON.treeToValue(n, Object.class)
              : SORTED_JSON.convertValue(value, Object.class);
      return sha256(SORTED_JSON.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status values serialise", e);
    }
  }

  static String sha256(String text) {
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
