package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The ARM resource {@code Microsoft.KubernetesConfiguration/extensions} as a client writes it: the
 * body of a create (PUT) and, with only {@code properties}, of an update (PATCH). Fields in the
 * order az's SDK model writes them; absent ones are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Extension(Identity identity, String location, Plan plan, Properties properties) {

  /** An update: only the properties the user changes. */
  public static Extension patch(Properties properties) {
    return new Extension(null, null, null, properties);
  }

  /** {@code identity}: Azure gives an Arc cluster's extension a system-assigned identity. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Identity(String type) {
    public static final Identity SYSTEM_ASSIGNED = new Identity("SystemAssigned");
  }

  /** {@code plan}: a marketplace extension's plan. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Plan(String name, String publisher, String product) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Properties(
      String extensionType,
      Boolean autoUpgradeMinorVersion,
      String releaseTrain,
      String version,
      Scope scope,
      Map<String, String> configurationSettings,
      Map<String, String> configurationProtectedSettings) {}

  /** {@code scope}: exactly one of cluster-wide (with its release namespace) or one namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Scope(ScopeCluster cluster, ScopeNamespace namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScopeCluster(String releaseNamespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScopeNamespace(String targetNamespace) {}
}
