package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Flux's ways with optional flags when it builds an object's spec: unset means empty. */
final class Specs {
  private Specs() {}

  static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  /** Flux's check of a required flag, with its message. */
  static void require(String value, String message) {
    if (empty(value)) {
      throw new FluxException(message);
    }
  }

  static void putIf(ObjectNode node, String field, String value) {
    if (!empty(value)) {
      node.put(field, value);
    }
  }

  /** {@code field: {name: value}}, a local object reference, when the flag is set. */
  static void putNameRef(ObjectNode node, String field, String name) {
    if (!empty(name)) {
      node.putObject(field).put("name", name);
    }
  }
}
