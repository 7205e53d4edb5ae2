package io.flotilla.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.meta.KubeConfigReference;
import io.flotilla.api.flux.meta.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A client for the cluster named by {@code spec.kubeConfig}: the kubeconfig is read from a Secret
 * in the Kustomization's namespace (key {@code value}, else {@code value.yaml}, unless {@code key}
 * is set) and sanitised as Flux does — only the server, CA, client certificate and key, basic auth
 * and token are kept (no exec plugins, auth providers, file paths or skipped TLS verification), so
 * a kubeconfig cannot run commands or read the controller's files. The service account (the
 * Kustomization's or the default) is impersonated on the remote cluster.
 */
final class RemoteCluster {
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RemoteCluster() {}

  static KubernetesClient client(
      KubernetesClient controller, String namespace, KubeConfigReference ref, String serviceAccount)
      throws ReconcileException {
    if (ref.secretRef() == null || ref.secretRef().name() == null) {
      throw new ReconcileException(
          Reasons.RECONCILIATION_FAILED,
          "invalid .spec.kubeConfig, neither .spec.kubeConfig.provider nor"
              + " .spec.kubeConfig.secretRef is set",
          false);
    }
    Config config = parse(kubeconfig(controller, namespace, ref));
    if (serviceAccount != null) {
      Impersonation.impersonate(config, namespace, serviceAccount);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static String kubeconfig(KubernetesClient controller, String namespace, KubeConfigReference ref)
      throws ReconcileException {
    String secretName = namespace + "/" + ref.secretRef().name();
    Secret secret;
    try {
      secret = controller.secrets().inNamespace(namespace).withName(ref.secretRef().name()).get();
    } catch (KubernetesClientException e) {
      throw failed(
          "unable to read KubeConfig secret '" + secretName + "' error: " + e.getMessage());
    }
    if (secret == null) {
      throw failed(
          "unable to read KubeConfig secret '%s' error: secrets \"%s\" not found"
              .formatted(secretName, ref.secretRef().name()));
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String key = ref.secretRef().key();
    String encoded;
    if (key != null && !key.isEmpty()) {
      encoded = data.get(key);
      if (encoded == null) {
        throw failed(
            "KubeConfig secret '%s' does not contain a '%s' key with a kubeconfig"
                .formatted(secretName, key));
      }
    } else if (data.get("value") != null) {
      encoded = data.get("value");
    } else if (data.get("value.yaml") != null) {
      encoded = data.get("value.yaml");
    } else {
      throw failed(
          "KubeConfig secret '%s' does not contain a 'value' key with a kubeconfig"
              .formatted(secretName));
    }
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw failed("KubeConfig secret '" + secretName + "' holds data that is not base64");
    }
  }

  /**
   * Reads the current context's server and credentials ourselves: fabric8's own loader would run an
   * {@code exec} plugin while parsing, and a tenant's kubeconfig must not run commands here.
   */
  static Config parse(String kubeconfig) throws ReconcileException {
    JsonNode root;
    try {
      root = YAML.readTree(kubeconfig);
    } catch (IOException e) {
      // the parser's message may quote the kubeconfig, which holds credentials
      throw failed("failed to parse the kubeconfig: not valid YAML");
    }
    if (root == null || !root.isObject()) {
      throw failed("failed to parse the kubeconfig: not a kubeconfig document");
    }
    String current = root.path("current-context").asText("");
    JsonNode context = named(root.path("contexts"), current).path("context");
    if (current.isEmpty() || context.isMissingNode()) {
      throw failed(
          "failed to parse the kubeconfig: context '" + current + "' not found in the kubeconfig");
    }
    JsonNode cluster =
        named(root.path("clusters"), context.path("cluster").asText()).path("cluster");
    JsonNode user = named(root.path("users"), context.path("user").asText()).path("user");
    String server = cluster.path("server").asText("");
    if (server.isEmpty()) {
      throw failed("failed to parse the kubeconfig: the cluster has no server");
    }
    ConfigBuilder b =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server)
            .withTrustCerts(false)
            .withDisableHostnameVerification(false)
            .withConnectionTimeout(TIMEOUT_MILLIS)
            .withRequestTimeout(TIMEOUT_MILLIS);
    text(cluster, "certificate-authority-data").ifPresent(b::withCaCertData);
    text(user, "client-certificate-data").ifPresent(b::withClientCertData);
    text(user, "client-key-data").ifPresent(b::withClientKeyData);
    text(user, "token").ifPresent(b::withOauthToken);
    text(user, "username").ifPresent(b::withUsername);
    text(user, "password").ifPresent(b::withPassword);
    Config config = b.build();
    config.setOnlyHttpWatches(true);
    return config;
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (name.equals(item.path("name").asText())) {
        return item;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Optional<String> text(JsonNode node, String field) {
    String v = node.path(field).asText("");
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static ReconcileException failed(String message) {
    return new ReconcileException(Reasons.RECONCILIATION_FAILED, message, false);
  }
}
