package io.flotilla.sops;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The file formats SOPS reads and writes, chosen by a file's extension as {@code sops} does. */
public enum Format {
  YAML("YAML", "mac: ENC["),
  JSON("JSON", "\"mac\": \"ENC["),
  DOTENV("dotenv", "sops_mac=ENC["),
  INI("INI", "[sops]"),
  /** A JSON envelope at rest ({@code {"data": "ENC[…]", "sops": …}}), the raw bytes in plain. */
  BINARY("binary", "\"mac\": \"ENC[");

  private final String label;
  private final byte[] marker;

  Format(String label, String marker) {
    this.label = label;
    this.marker = marker.getBytes(StandardCharsets.UTF_8);
  }

  /** SOPS' name of the format, as kustomize-controller writes it in messages. */
  public String label() {
    return label;
  }

  /**
   * {@code .yaml}/{@code .yml}, {@code .json}, {@code .env}, {@code .ini}; anything else binary.
   */
  public static Format forPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".yaml") || p.endsWith(".yml")) {
      return YAML;
    }
    if (p.endsWith(".json")) {
      return JSON;
    }
    if (p.endsWith(".env")) {
      return DOTENV;
    }
    if (p.endsWith(".ini")) {
      return INI;
    }
    return BINARY;
  }

  /**
   * Whether {@code data} carries this format's SOPS marker (its encrypted MAC), the test
   * kustomize-controller applies before it tries to decrypt a file or a Secret value.
   */
  public boolean marks(byte[] data) {
    return indexOf(data, marker) >= 0;
  }

  /** The format whose marker {@code data} carries, in kustomize-controller's order, or null. */
  public static Format detect(byte[] data) {
    // binary files are a JSON envelope at rest, so JSON's marker covers both
    for (Format f : new Format[] {DOTENV, INI, JSON, YAML}) {
      if (f.marks(data)) {
        return f;
      }
    }
    return null;
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
