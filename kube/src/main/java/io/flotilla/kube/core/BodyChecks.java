package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;

/** What every write checks of a request body against the URL, with kube-apiserver's messages. */
public final class BodyChecks {
  private BodyChecks() {}

  /** A body's apiVersion and kind, when given, must be the URL's. */
  public static void kind(ResourceType t, JsonNode body) {
    String av = Json.text(body, "apiVersion");
    String kind = Json.text(body, "kind");
    if ((kind != null && !kind.isEmpty() && !kind.equals(t.kind()))
        || (av != null && !av.isEmpty() && !av.equals(t.apiVersion()))) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + av
              + ") does not match the expected API version ("
              + t.apiVersion()
              + ")");
    }
  }

  /** A body's metadata.name, when given, must be the URL's. */
  static void name(JsonNode body, String name) {
    String bodyName = Json.text(body, "metadata", "name");
    if (bodyName != null && !bodyName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
  }

  /** A body's metadata.resourceVersion, when given, must be the stored one (optimistic lock). */
  static void resourceVersion(ResourceType t, String name, JsonNode body, JsonNode old) {
    String rv = Json.text(body, "metadata", "resourceVersion");
    if (rv != null && !rv.isEmpty() && !rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
      throw ApiException.conflict(t, name);
    }
  }
}
