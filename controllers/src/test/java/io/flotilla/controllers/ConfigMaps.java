package io.flotilla.controllers;

/** ConfigMaps in namespace {@code default} as a repository holds them, for the ITs' sources. */
public final class ConfigMaps {
  private ConfigMaps() {}

  /** ConfigMap {@code default/name} with the data {@code a: b}. */
  public static String yaml(String name) {
    return yaml(name, "a", "b");
  }

  /** ConfigMap {@code default/name} with one data entry, {@code value} as YAML writes it. */
  public static String yaml(String name, String key, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  namespace: default\ndata:\n  %s: %s\n"
        .formatted(name, key, value);
  }
}
