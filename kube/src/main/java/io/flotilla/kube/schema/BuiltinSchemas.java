package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Kubernetes' OpenAPI definitions of the built-in kinds ({@code io.k8s.api.apps.v1.Deployment} and
 * what it references), as openapi-gen writes them for kube-apiserver: descriptions, {@code
 * required}, {@code enum}, formats and the {@code x-kubernetes-patch-strategy}, {@code
 * -patch-merge-key}, {@code -list-type}, {@code -list-map-keys}, {@code -map-type} extensions.
 *
 * <p>The source is fabric8's published copy of that output (kubernetes-model-validator's {@code
 * openshift-generated.json}), so nothing here is written by hand; {@link BuiltinSchemasGenerator}
 * cuts it down at build to the Kubernetes definitions. They are read once, on first use, and kept
 * as compact JSON (about 1.7 MB of heap); each caller parses the definitions it needs, so callers
 * may change what they get.
 */
public final class BuiltinSchemas {
  /** Written at build by {@link BuiltinSchemasGenerator}. */
  static final String RESOURCE = "builtin-definitions.bin";

  public static final String REF_V2 = "#/definitions/";

  private final Map<String, byte[]> definitions;

  private BuiltinSchemas(Map<String, byte[]> definitions) {
    this.definitions = definitions;
  }

  private static final class Holder {
    static final BuiltinSchemas INSTANCE = load();
  }

  public static BuiltinSchemas get() {
    return Holder.INSTANCE;
  }

  /** A fresh copy of the named definition, or null. */
  ObjectNode definition(String name) {
    byte[] b = definitions.get(name);
    if (b == null) {
      return null;
    }
    try {
      return (ObjectNode) Json.MAPPER.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean has(String name) {
    return definitions.containsKey(name);
  }

  /**
   * The definition of a built-in kind: {@code io.k8s.api.<package>.<version>.<Kind>}, where the
   * package is the first label of the group ({@code core} for the legacy group), as k8s.io/api
   * names its Go packages; null when the source has none (CustomResourceDefinition, APIService).
   */
  String nameOf(String group, String version, String kind) {
    String name = definitionName(group, version, kind);
    return definitions.containsKey(name) ? name : null;
  }

  /** {@code io.k8s.api.<package>.<version>.<Kind>}, whether or not it exists. */
  static String definitionName(String group, String version, String kind) {
    String pkg = group.isEmpty() ? "core" : group.split("\\.", 2)[0];
    return "io.k8s.api." + pkg + "." + version + "." + kind;
  }

  static BuiltinSchemas load() {
    try (InputStream in = BuiltinSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path (made at build)");
      }
      return new BuiltinSchemas(readCompact(in));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /** Reads what {@link BuiltinSchemasGenerator} wrote: gzip(count, then name, length, JSON). */
  static Map<String, byte[]> readCompact(InputStream in) throws IOException {
    try (DataInputStream d = new DataInputStream(new GZIPInputStream(in, 64 * 1024))) {
      int n = d.readInt();
      Map<String, byte[]> out = HashMap.newHashMap(n);
      for (int i = 0; i < n; i++) {
        String name = d.readUTF();
        byte[] b = new byte[d.readInt()];
        d.readFully(b);
        out.put(name, b);
      }
      return Map.copyOf(out);
    }
  }
}
