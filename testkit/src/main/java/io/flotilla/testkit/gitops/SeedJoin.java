package io.flotilla.testkit.gitops;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.TestObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Seed 000's steps for joining a cluster to a management cluster (Weave GitOps Enterprise's
 * "Joining a Cluster with Azure Flux"), done as written with kubectl-equivalent calls: on the
 * cluster to join, the service account {@code wgesa}, its token Secret {@code wgesa-secret} and the
 * {@code user-groups-impersonator} ClusterRole; the kubeconfig its {@code static-kubeconfig.sh}
 * prints; in the management cluster, the kubeconfig Secret (key {@code value}) and the
 * GitopsCluster.
 */
public final class SeedJoin {
  private SeedJoin() {}

  /** A {@code system:masters} client of a TLS {@link TestKube}, trusting its CA. */
  public static KubernetesClient tlsAdmin(TestKube kube, Path dir) {
    try {
      Path file = dir.resolve("admin-" + kube.api().port() + ".kubeconfig");
      kube.api().writeKubeconfig(file);
      Config config = Config.fromKubeconfig(Files.readString(file));
      config.setOnlyHttpWatches(true);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Steps 1, 2, 5 and 6 on the cluster to join; returns the kubeconfig the seed's script prints for
   * {@code clusterName} ({@code server: https://$ENDPOINT}, the CA from the token Secret).
   */
  public static String prepare(KubernetesClient joined, URI endpoint, String clusterName) {
    apply(
        joined,
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: wgesa
          namespace: default
        ---
        apiVersion: v1
        kind: Secret
        type: kubernetes.io/service-account-token
        metadata:
          name: wgesa-secret
          namespace: default
          annotations:
            kubernetes.io/service-account.name: "wgesa"
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: impersonate-user-groups
        subjects:
          - kind: ServiceAccount
            name: wgesa
            namespace: default
        roleRef:
          kind: ClusterRole
          name: user-groups-impersonator
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: user-groups-impersonator
        rules:
          - apiGroups: [""]
            resources: ["users", "groups"]
            verbs: ["impersonate"]
          - apiGroups: [""]
            resources: ["namespaces"]
            verbs: ["get", "list"]
        """);
    String token = token(joined);
    String caPem = secretValue(joined, "default", "wgesa-secret", "ca.crt");
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: https://%2$s
            certificate-authority-data: %3$s
        users:
        - name: %1$s
          user:
            token: %4$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
        current-context: %1$s
        """
        .formatted(
            clusterName,
            endpoint.getHost() + ":" + endpoint.getPort(),
            Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)),
            token);
  }

  /** The token the tokens controller wrote into {@code wgesa-secret}, once it is there. */
  public static String token(KubernetesClient joined) {
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> secretValue(joined, "default", "wgesa-secret", "token") != null);
    return secretValue(joined, "default", "wgesa-secret", "token");
  }

  /**
   * Steps 7 and 8 in the management cluster: {@code kubectl create secret generic <name>
   * --from-file=value=…} (here with the given keys) and a GitopsCluster naming it, with the
   * bootstrap label only when asked.
   */
  public static void register(
      KubernetesClient management,
      String namespace,
      String name,
      String secret,
      Map<String, String> secretData,
      boolean bootstrap) {
    if (secretData != null) {
      kubeconfigSecret(management, namespace, secret, secretData);
    }
    apply(
        management,
        """
        apiVersion: gitops.weave.works/v1alpha1
        kind: GitopsCluster
        metadata:
          name: %s
          namespace: %s
        %s
        spec:
          secretRef:
            name: %s
        """
            .formatted(
                name,
                namespace,
                bootstrap ? "  labels:\n    weave.works/capi: bootstrap" : "",
                secret));
  }

  /** {@code kubectl create secret generic <name> --from-file=<key>=…} for each key. */
  public static void kubeconfigSecret(
      KubernetesClient management, String namespace, String name, Map<String, String> data) {
    management
        .resource(
            new SecretBuilder(TestObjects.secret(namespace, name, data)).withType("Opaque").build())
        .create();
  }

  /** A Secret's key, decoded; null when absent or empty. */
  public static String secretValue(KubernetesClient c, String ns, String name, String key) {
    Secret s = c.secrets().inNamespace(ns).withName(name).get();
    if (s == null || s.getData() == null || s.getData().get(key) == null) {
      return null;
    }
    String v = s.getData().get(key);
    return v.isEmpty() ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  /** {@code kubectl apply -f}: a server-side apply of each document. */
  public static void apply(KubernetesClient c, String yaml) {
    List<HasMetadata> items =
        c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      c.resource(item).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }
}
