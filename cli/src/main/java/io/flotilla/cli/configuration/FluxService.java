package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.Extension;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterTarget;
import io.flotilla.cli.Log;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.arm.LongRunningOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The calls az's flux provider makes against {@code fluxConfigurations} and {@code extensions}. */
public final class FluxService {
  public static final String FLUX_EXTENSION_TYPE = "microsoft.flux";
  static final String FLUX_EXTENSION_NAME = "flux";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> READ_ONLY =
      Set.of(
          "statuses",
          "repositoryPublicKey",
          "sourceSyncedCommitId",
          "sourceUpdatedAt",
          "statusUpdatedAt",
          "complianceState",
          "provisioningState",
          "errorMessage");
  private static final List<String> SOURCE_FIELDS =
      List.of("gitRepository", "bucket", "azureBlob", "ociRepository");

  private final ArmClient arm;
  private final Log log;
  private final CliEnvironment env;
  private final LongRunningOperation lro;

  /** The service for one command invocation's client, log and environment. */
  public static FluxService of(Session session) {
    return new FluxService(session.arm(), session.log(), session.env());
  }

  public FluxService(ArmClient arm, Log log, CliEnvironment env) {
    this.arm = arm;
    this.log = log;
    this.env = env;
    this.lro = new LongRunningOperation(arm, env.err());
  }

  /** GET one configuration, with az's messages for a missing cluster or configuration. */
  public JsonNode show(ClusterRef ref, String name) {
    try {
      return arm.get(ref.fluxConfigurationId(name), ArmClient.FLUX_API_VERSION).body();
    } catch (ArmHttpException e) {
      if (e.status() != 404) throw e;
      if ("ResourceNotFound".equals(e.code()) || "ParentResourceNotFound".equals(e.code())) {
        throw clusterNotFound(e, ref);
      }
      String resource =
          ref.shortId() + "/Microsoft.KubernetesConfiguration/fluxConfigurations/" + name;
      throw e.withRecommendation(
          "(FluxConfigurationNotFound) The Resource " + resource + " could not be found!",
          "Verify that the Resource " + resource + " exists");
    }
  }

  public static ArmHttpException clusterNotFound(ArmHttpException e, ClusterRef ref) {
    return e.withRecommendation(
        e.getMessage(),
        "Verify that the --cluster-type is correct and the Resource " + ref.shortId() + " exists");
  }

  /** GET the list, following {@code nextLink}. */
  public List<JsonNode> list(ClusterRef ref) {
    List<JsonNode> all = new ArrayList<>();
    ArmClient.Response page;
    try {
      page = arm.get(ref.fluxConfigurationsPath(), ArmClient.FLUX_API_VERSION);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? clusterNotFound(e, ref) : e;
    }
    for (int pages = 0; ; pages++) {
      JsonNode body = page.body();
      if (body != null) body.path("value").forEach(all::add);
      String next = body == null ? "" : body.path("nextLink").asText("");
      if (next.isEmpty() || pages > 10_000) {
        return all;
      }
      page = arm.getLink(next);
    }
  }

  /**
   * az's create pre-check: the {@code flux} extension must exist and have succeeded; when it is
   * absent it is installed first.
   */
  void ensureFluxExtension(ClusterRef ref, boolean noWait) {
    String extensions = ref.extensionPrefix() + "/extensions";
    JsonNode extension = null;
    try {
      extension =
          arm.get(extensions + "/" + FLUX_EXTENSION_NAME, ArmClient.EXTENSION_API_VERSION).body();
    } catch (ArmHttpException e) {
      if (e.status() != 404) throw e;
      // Absent under its usual name: tell a missing cluster apart and look for another name.
      extension = findFluxExtension(ref, extensions);
    }
    if (extension == null) {
      installFluxExtension(ref, extensions, noWait);
      return;
    }
    String state = extension.path("properties").path("provisioningState").asText("");
    if (state.equals("Creating")) {
      throw new CliException(
          "Error! 'Microsoft.Flux' extension is currently installing on the cluster. Unable to"
              + " proceed with Flux v2 configuration install.",
          List.of(
              "Try again in a few minutes when the 'Microsoft.Flux' extension installation has"
                  + " completed."),
          CliException.ERROR);
    }
    if (!state.equals("Succeeded")) {
      throw new CliException(
          "Error! 'Microsoft.Flux' extension is installed but not in a succeeded state on the"
              + " cluster. Unable to proceed with Flux v2 configuration install.",
          List.of(
              "Try resolving the extension error on the cluster or removing and re-installing the"
                  + " extension."),
          CliException.ERROR);
    }
  }

  private JsonNode findFluxExtension(ClusterRef ref, String extensionsPath) {
    ArmClient.Response page;
    try {
      page = arm.get(extensionsPath, ArmClient.EXTENSION_API_VERSION);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? clusterNotFound(e, ref) : e;
    }
    JsonNode body = page.body();
    if (body != null) {
      for (JsonNode ext : body.path("value")) {
        String type = ext.path("properties").path("extensionType").asText("");
        if (type.toLowerCase(Locale.ROOT).equals(FLUX_EXTENSION_TYPE)) {
          return ext;
        }
      }
    }
    return null;
  }

  private void installFluxExtension(ClusterRef ref, String extensionsPath, boolean noWait) {
    log.warning(
        "'Microsoft.Flux' extension not found on the cluster, installing it now. This may take a"
            + " few minutes...");
    boolean arc = !ref.clusterResourceName().equalsIgnoreCase(ClusterTarget.MANAGED);
    Extension.Properties properties =
        new Extension.Properties(
            FLUX_EXTENSION_TYPE,
            true,
            env.getenv("FLUX_EXTENSION_RELEASETRAIN"),
            env.getenv("FLUX_EXTENSION_VERSION"),
            null,
            null,
            null);
    JsonNode body =
        ArmClient.JSON.valueToTree(
            new Extension(
                arc ? Extension.Identity.SYSTEM_ASSIGNED : null,
                arc ? clusterLocation(ref) : null,
                null,
                properties));
    log.info("Starting extension creation on the cluster. This might take a few minutes...");
    String path = extensionsPath + "/" + FLUX_EXTENSION_NAME;
    ArmClient.Response response;
    try {
      response = arm.put(path, ArmClient.EXTENSION_API_VERSION, body);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? clusterNotFound(e, ref) : e;
    }
    if (!noWait) {
      lro.awaitResource(response, path, ArmClient.EXTENSION_API_VERSION);
      log.warning("'Microsoft.Flux' extension was successfully installed on the cluster");
    }
  }

  private String clusterLocation(ClusterRef ref) {
    try {
      JsonNode cluster = arm.get(ref.resourceId(), ArmClient.CLUSTER_API_VERSION).body();
      String location = cluster == null ? "" : cluster.path("location").asText("");
      return location.isEmpty() ? null : location.toLowerCase(Locale.ROOT);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? clusterNotFound(e, ref) : e;
    }
  }

  /** PUT a configuration; waits unless {@code noWait}; returns the resource, or null. */
  JsonNode put(ClusterRef ref, String name, JsonNode body, boolean noWait) {
    String path = ref.fluxConfigurationId(name);
    ArmClient.Response response;
    try {
      response = arm.put(path, ArmClient.FLUX_API_VERSION, body);
    } catch (ArmHttpException e) {
      throw e.status() == 404 && "ResourceNotFound".equals(e.code()) ? clusterNotFound(e, ref) : e;
    }
    return noWait ? null : lro.awaitResource(response, path, ArmClient.FLUX_API_VERSION);
  }

  /**
   * PATCH only the given fields. A service without PATCH (405/501, or a 404 without an ARM error
   * right after a successful GET) gets GET + PUT of the merged resource instead.
   */
  public JsonNode patch(
      ClusterRef ref, String name, ObjectNode patch, JsonNode current, boolean noWait) {
    String path = ref.fluxConfigurationId(name);
    ArmClient.Response response;
    try {
      // If-Match: the ETag of the GET this update started from, so a racing change is not lost.
      response = arm.patch(path, ArmClient.FLUX_API_VERSION, patch, arm.etagOf(path));
    } catch (ArmHttpException e) {
      boolean unsupported =
          e.status() == 405 || e.status() == 501 || (e.status() == 404 && e.code() == null);
      if (e.status() == 412) throw changedMeanwhile(e, name);
      if (!unsupported) throw e;
      log.debug("The service does not support PATCH; sending the merged configuration with PUT");
      return put(ref, name, merged(current, patch), noWait);
    }
    return noWait ? null : lro.awaitResource(response, path, ArmClient.FLUX_API_VERSION);
  }

  public static ArmHttpException changedMeanwhile(ArmHttpException e, String name) {
    return e.withRecommendation(
        e.getMessage(),
        "'"
            + name
            + "' was changed by someone else after this command read it; run the command"
            + " again to apply your change to the current version");
  }

  /**
   * The current desired properties with a patch applied (JSON merge-patch, refs replaced). Trees,
   * not records: the PUT must hand back every field the service returned, also those {@code
   * api.arm} does not model.
   */
  static ObjectNode merged(JsonNode current, ObjectNode patch) {
    ObjectNode props =
        current.path("properties").isObject()
            ? ((ObjectNode) current.get("properties")).deepCopy()
            : F.objectNode();
    READ_ONLY.forEach(props::remove);
    JsonNode patchProps = patch.path("properties");
    JsonNode newKind = patchProps.get("sourceKind");
    if (newKind != null && !newKind.asText().equals(props.path("sourceKind").asText())) {
      String keep = Sources.sourceField(Sources.cliKind(newKind.asText()));
      SOURCE_FIELDS.stream().filter(f -> !f.equals(keep)).forEach(props::remove);
    }
    mergeInto(props, patchProps);
    ObjectNode body = F.objectNode();
    body.set("properties", props);
    return body;
  }

  private static void mergeInto(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              String key = e.getKey();
              JsonNode value = e.getValue();
              JsonNode existing = target.get(key);
              if (value.isNull()) {
                target.remove(key);
              } else if (value.isObject()
                  && existing != null
                  && existing.isObject()
                  && !key.equals("repositoryRef")) {
                mergeInto((ObjectNode) existing, value);
              } else if (value.isObject() && value.isEmpty() && SOURCE_FIELDS.contains(key)) {
                target.remove(key); // az sends {} for the source objects a kind change leaves
              } else {
                target.set(key, value.deepCopy());
              }
            });
  }

  /** DELETE; waits unless {@code noWait}. */
  void delete(ClusterRef ref, String name, boolean force, boolean noWait) {
    String path = ref.fluxConfigurationId(name);
    ArmClient.Response response =
        arm.delete(path, ArmClient.FLUX_API_VERSION, "forceDelete=" + force);
    if (!noWait) {
      lro.awaitDelete(response, path, ArmClient.FLUX_API_VERSION);
    }
  }

  static boolean hasPruneEnabled(JsonNode resource) {
    for (JsonNode k : resource.path("properties").path("kustomizations")) {
      if (k.path("prune").asBoolean(false)) return true;
    }
    return false;
  }
}
