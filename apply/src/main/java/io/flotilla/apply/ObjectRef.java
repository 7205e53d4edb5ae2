package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Set;

/**
 * Identifies one Kubernetes object. The inventory id leaves the version out, as cli-utils' {@code
 * ObjMetadata} does: the API server serves one object under every version of its kind.
 */
public record ObjectRef(String group, String version, String kind, String namespace, String name) {

  private static final String SEPARATOR = "_";
  private static final String COLON_TRANSCODED = "__";
  // cli-utils transcodes ':' only for RBAC kinds, whose names may contain colons.
  private static final Set<String> RBAC_KINDS =
      Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  public ObjectRef {
    group = group == null ? "" : group;
    version = version == null ? "" : version;
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** The reference of an object, from its {@code apiVersion}, kind, namespace and name. */
  public static ObjectRef of(HasMetadata object) {
    return of(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata() == null ? "" : object.getMetadata().getNamespace(),
        object.getMetadata() == null ? "" : object.getMetadata().getName());
  }

  /** The reference of {@code apiVersion} ({@code group/version}, or a core {@code version}). */
  public static ObjectRef of(String apiVersion, String kind, String namespace, String name) {
    String v = apiVersion == null ? "" : apiVersion;
    int slash = v.indexOf('/');
    return new ObjectRef(
        slash < 0 ? "" : v.substring(0, slash),
        slash < 0 ? v : v.substring(slash + 1),
        kind,
        namespace,
        name);
  }

  /** The reference of a live object (convenience for {@link GenericKubernetesResource}). */
  public static ObjectRef of(GenericKubernetesResource object) {
    return of((HasMetadata) object);
  }

  /** {@code group/version}, or just the version for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /**
   * The same object with another namespace (used when discovery says the kind is cluster-scoped).
   */
  public ObjectRef withNamespace(String ns) {
    return new ObjectRef(group, version, kind, ns, name);
  }

  /** {@code <namespace>_<name>_<group>_<kind>}, as stored in a Kustomization's inventory. */
  public String inventoryId() {
    String n = isRbac() ? name.replace(":", COLON_TRANSCODED) : name;
    return namespace + SEPARATOR + n + SEPARATOR + group + SEPARATOR + kind;
  }

  /**
   * {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped: how Flux names objects.
   */
  public String subject() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }

  /**
   * Parses an inventory id such as {@code apps_podinfo_apps_Deployment}.
   *
   * @throws IllegalArgumentException naming the id when it does not have four fields
   */
  public static ObjectRef parseInventoryId(String id, String version) {
    if (id == null) {
      throw new IllegalArgumentException("inventory id is missing");
    }
    int first = id.indexOf(SEPARATOR);
    if (first < 0) {
      throw badId(id);
    }
    String namespace = id.substring(0, first);
    String rest = id.substring(first + 1);
    int last = rest.lastIndexOf(SEPARATOR);
    if (last < 0) {
      throw badId(id);
    }
    String kind = rest.substring(last + 1);
    rest = rest.substring(0, last);
    last = rest.lastIndexOf(SEPARATOR);
    if (last < 0) {
      throw badId(id);
    }
    String group = rest.substring(last + 1);
    String name = rest.substring(0, last).replace(COLON_TRANSCODED, ":");
    if (name.contains(SEPARATOR) || name.isEmpty() || kind.isEmpty()) {
      throw badId(id);
    }
    return new ObjectRef(group, version, kind, namespace, name);
  }

  private static IllegalArgumentException badId(String id) {
    return new IllegalArgumentException(
        "inventory id '"
            + id
            + "' is not of the form <namespace>_<name>_<group>_<kind> (e.g. apps_podinfo_apps_Deployment)");
  }

  private boolean isRbac() {
    return RBAC_GROUP.equals(group) && RBAC_KINDS.contains(kind);
  }
}
