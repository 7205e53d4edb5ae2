package io.flotilla.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * The YAML of a CustomResourceDefinition for tests: what every test CRD shares (apiVersion, kind,
 * name from plural and group, names, scope, the version entries) is written here once, so a test
 * says only its kind and schema.
 */
public final class CrdYaml {
  /** The version line that enables the status subresource. */
  public static final String STATUS = "subresources: {status: {}}";

  /** A schema that keeps whatever a resource holds. */
  public static final String OPEN_SCHEMA =
      "{type: object, x-kubernetes-preserve-unknown-fields: true}";

  /**
   * A kind's root schema as controller-gen writes it: {@code description}, then apiVersion, kind
   * and metadata ahead of the kind's own {@code properties} (YAML, at the properties' indentation).
   */
  public static String rootSchema(String description, String properties) {
    return """
        description: %s
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
        """
            .formatted(description)
        + properties.stripIndent().indent(2);
  }

  private final String group;
  private final String kind;
  private final String plural;
  private String singular;
  private String scope = "Namespaced";
  private final List<String> names = new ArrayList<>();
  private final List<String> versions = new ArrayList<>();

  private CrdYaml(String group, String kind, String plural) {
    this.group = group;
    this.kind = kind;
    this.plural = plural;
    this.singular = kind.toLowerCase();
  }

  /** A namespaced kind whose singular name is its kind in lower case. */
  public static CrdYaml crd(String group, String kind, String plural) {
    return new CrdYaml(group, kind, plural);
  }

  public CrdYaml scope(String scope) {
    this.scope = scope;
    return this;
  }

  /** Leaves the singular name out, as a CRD may. */
  public CrdYaml noSingular() {
    this.singular = null;
    return this;
  }

  public CrdYaml listKind() {
    names.add("listKind: " + kind + "List");
    return this;
  }

  public CrdYaml shortNames(String... shortNames) {
    names.add("shortNames: [" + String.join(", ", shortNames) + "]");
    return this;
  }

  /** The storage version: served, stored, with these further lines (e.g. {@link #STATUS}). */
  public CrdYaml storedVersion(String name, String schema, String... lines) {
    return version(name, true, schema, lines);
  }

  /** A version that is served but not stored. */
  public CrdYaml servedVersion(String name, String schema, String... lines) {
    return version(name, false, schema, lines);
  }

  private CrdYaml version(String name, boolean storage, String schema, String... lines) {
    StringBuilder v =
        new StringBuilder("- name: %s\n  served: true\n  storage: %s\n".formatted(name, storage));
    for (String line : lines) {
      v.append(line.indent(2));
    }
    v.append("  schema:\n    openAPIV3Schema:\n").append(schema.strip().indent(6));
    versions.add(v.toString());
    return this;
  }

  public String yaml() {
    List<String> allNames = new ArrayList<>(List.of("kind: " + kind, "plural: " + plural));
    if (singular != null) {
      allNames.add("singular: " + singular);
    }
    allNames.addAll(names);
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %s.%s}
        spec:
          group: %s
          names: {%s}
          scope: %s
          versions:
        """
            .formatted(plural, group, group, String.join(", ", allNames), scope)
        + String.join("", versions).indent(2);
  }

  @Override
  public String toString() {
    return yaml();
  }
}
