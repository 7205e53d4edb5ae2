package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;

/** A resource's identity: group, version, kind, name and namespace. */
record ResId(String group, String version, String kind, String name, String namespace) {

  static ResId of(JsonNode obj) {
    String apiVersion = obj.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    JsonNode meta = obj.path("metadata");
    return new ResId(
        group,
        version,
        obj.path("kind").asText(""),
        meta.path("name").asText(""),
        meta.path("namespace").asText(""));
  }

  /**
   * kustomize's effective namespace: empty means {@code default} for a namespaced kind, and
   * cluster-scoped kinds have none (a marker no namespace equals).
   */
  String effectiveNamespace() {
    if (ClusterScoped.is(this)) return NOT_A_NAMESPACE;
    return namespace.isEmpty() ? "default" : namespace;
  }

  static final String NOT_A_NAMESPACE = "_non_namespaceable_";

  /** Same kind, group and version, name and effective namespace (kustomize's ResId.Equals). */
  boolean sameAs(ResId o) {
    return kind.equals(o.kind)
        && group.equals(o.group)
        && version.equals(o.version)
        && name.equals(o.name)
        && effectiveNamespace().equals(o.effectiveNamespace());
  }

  /**
   * kustomize's format, e.g. {@code Deployment.v1.apps/web.prod}, {@code
   * ConfigMap.v1.[noGrp]/x.[noNs]}.
   */
  @Override
  public String toString() {
    return "%s.%s.%s/%s.%s"
        .formatted(
            kind,
            version,
            group.isEmpty() ? "[noGrp]" : group,
            name,
            namespace.isEmpty() ? "[noNs]" : namespace);
  }

  /**
   * kustomize's {@code Gvk.String()}: {@code group_version_kind} with {@code ~G ~V ~K} for blanks.
   */
  String gvkString() {
    return (group.isEmpty() ? "~G" : group)
        + "_"
        + (version.isEmpty() ? "~V" : version)
        + "_"
        + (kind.isEmpty() ? "~K" : kind);
  }
}
