package io.flotilla.server.gitops;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.api.gitops.GitopsClusterSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per joined cluster, built from the kubeconfig its GitopsCluster's Secret holds (as the
 * Secret's service account) and rebuilt when the Secret's kubeconfig changes. Reads as a dashboard
 * user add impersonation per request, so the connection pool is shared.
 */
final class LeafClients implements AutoCloseable {
  static final String WAITING_FOR_SECRET = "WaitingForSecret";
  static final String WAITING_FOR_CAPI_CLUSTER = "WaitingForCAPICluster";
  static final String CONNECTION_FAILED = "ClusterConnectionFailed";

  /** A joined cluster's client and the kubeconfig digest it was built from. */
  record Leaf(String digest, KubernetesClient client, String server) {}

  /** The GitopsCluster cannot be reached through its kubeconfig at all; reason as in Ready. */
  static final class Unjoinable extends RuntimeException {
    final String reason;

    Unjoinable(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final KubernetesClient management;
  private final Map<String, Leaf> leaves = new ConcurrentHashMap<>();

  LeafClients(KubernetesClient management) {
    this.management = management;
  }

  static String key(GitopsCluster gc) {
    return gc.getMetadata().getNamespace() + "/" + gc.getMetadata().getName();
  }

  /** The client for {@code gc} as its kubeconfig stands now; throws {@link Unjoinable}. */
  Leaf client(GitopsCluster gc) {
    String ns = gc.getMetadata().getNamespace();
    GitopsClusterSpec spec = gc.getSpec();
    if (spec == null || (spec.secretRef() == null && spec.capiClusterRef() == null)) {
      throw new Unjoinable(CONNECTION_FAILED, "must provide a secretRef or capiClusterRef");
    }
    if (spec.secretRef() != null && spec.capiClusterRef() != null) {
      throw new Unjoinable(CONNECTION_FAILED, "cannot provide both capiClusterRef and secretRef");
    }
    boolean capi = spec.secretRef() == null;
    String name = capi ? spec.capiClusterRef().name() + "-kubeconfig" : spec.secretRef().name();
    String waiting = capi ? WAITING_FOR_CAPI_CLUSTER : WAITING_FOR_SECRET;
    if (name == null || name.isBlank() || name.equals("null-kubeconfig")) {
      throw new Unjoinable(
          CONNECTION_FAILED, (capi ? "spec.capiClusterRef" : "spec.secretRef") + ".name is empty");
    }
    Secret secret;
    try {
      secret = management.secrets().inNamespace(ns).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new Unjoinable(
          waiting,
          "failed to get secret \"" + ns + "/" + name + "\": " + LeafErrors.statusMessage(e));
    }
    if (secret == null) {
      throw new Unjoinable(
          waiting,
          "failed to get secret \""
              + ns
              + "/"
              + name
              + "\": secrets \""
              + name
              + "\" not found"
              + (capi ? " (Cluster API writes it when the cluster is provisioned)" : ""));
    }
    String yaml = kubeconfig(secret, ns + "/" + name);
    String digest = digest(yaml);
    String key = key(gc);
    Leaf current = leaves.get(key);
    if (current != null && current.digest().equals(digest)) {
      return current;
    }
    io.fabric8.kubernetes.client.Config config;
    try {
      config = Kubeconfigs.parse(yaml);
    } catch (Kubeconfigs.InvalidKubeconfig e) {
      throw new Unjoinable(
          CONNECTION_FAILED,
          "failed creating rest config from secret \""
              + ns
              + "/"
              + name
              + "\": the kubeconfig is not valid: "
              + e.getMessage());
    }
    Leaf leaf =
        new Leaf(digest, new KubernetesClientBuilder().withConfig(config).build(), server(config));
    Leaf old = leaves.put(key, leaf);
    if (old != null) {
      old.client().close();
    }
    return leaf;
  }

  /** Drops the client of a GitopsCluster that is gone. */
  void forget(String key) {
    Leaf old = leaves.remove(key);
    if (old != null) {
      old.client().close();
    }
  }

  @Override
  public void close() {
    leaves.values().forEach(l -> l.client().close());
    leaves.clear();
  }

  /** WGE's keys, {@code value} first; names the keys present when neither is. */
  static String kubeconfig(Secret secret, String where) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    for (String k : GitopsCluster.KUBECONFIG_KEYS) {
      String v = data.get(k);
      if (v != null && !v.isEmpty()) {
        try {
          return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new Unjoinable(
              CONNECTION_FAILED, "key '" + k + "' of secret \"" + where + "\" is not base64");
        }
      }
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(data.keySet()));
    throw new Unjoinable(
        CONNECTION_FAILED,
        "no data present in cluster secret \""
            + where
            + "\": the kubeconfig belongs under the key 'value' or 'value.yaml'"
            + (keys.isEmpty()
                ? " (the secret has no keys)"
                : " (it has: " + String.join(", ", keys) + ")"));
  }

  private static String server(io.fabric8.kubernetes.client.Config config) {
    String url = config.getMasterUrl();
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
