package io.flotilla.kube.base;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One served resource: a group/version/plural with its kind and scope. Objects of every version of
 * the same group/plural share one storage bucket ({@link #storageKey()}).
 *
 * @param schema the CRD's openAPIV3Schema for this version, or null for built-in kinds
 * @param printerColumns the CRD's additionalPrinterColumns for this version, or null
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean hasStatus,
    JsonNode schema,
    JsonNode printerColumns) {

  public static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * A kind served by the API itself (no schema, no printer columns) that discovery lists without a
   * singular name, short names or categories: the review and subresource kinds.
   */
  public static ResourceType builtin(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean hasStatus) {
    return new ResourceType(
        group, version, plural, "", kind, namespaced, List.of(), List.of(), hasStatus, null, null);
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  String groupVersion() {
    return apiVersion();
  }

  public String storageKey() {
    return group + "/" + plural;
  }

  /** How the API server names the resource in messages: {@code deployments.apps}. */
  public String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean isCustom() {
    return schema != null;
  }

  public String listKind() {
    return kind + "List";
  }

  public boolean is(String g, String p) {
    return group.equals(g) && plural.equals(p);
  }
}
