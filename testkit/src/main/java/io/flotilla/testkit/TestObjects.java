package io.flotilla.testkit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects a test creates on a cluster: namespaces, and any object written as YAML. */
public final class TestObjects {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private TestObjects() {}

  /** Creates namespace {@code name}; returns its name. */
  public static String namespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** Creates a namespace named {@code <prefix><n>} that no other test of the JVM uses. */
  public static String newNamespace(KubernetesClient client, String prefix) {
    return namespace(client, prefix + SEQ.incrementAndGet());
  }

  /** Secret {@code namespace/name} with {@code data} as its stringData, to be created. */
  public static Secret secret(String namespace, String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  /** ConfigMap {@code namespace/name} with {@code data}, to be created or applied. */
  public static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** Creates the object of {@code yaml} (Secrets typed, so that stringData is encoded). */
  public static void create(KubernetesClient client, String yaml) {
    var s = client.getKubernetesSerialization();
    if (yaml.startsWith("apiVersion: v1\nkind: Secret")) {
      client.resource(s.unmarshal(yaml, Secret.class)).create();
    } else {
      client.resource(s.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }
  }

  /**
   * Applies the object of {@code yaml} server-side, as {@code kubectl apply --server-side
   * --force-conflicts} does (field manager {@code kubectl}).
   */
  public static void apply(KubernetesClient client, String yaml) {
    client
        .resource(
            client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class))
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }
}
