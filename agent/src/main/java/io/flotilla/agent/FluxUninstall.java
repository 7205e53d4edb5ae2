package io.flotilla.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.api.FluxCrds;
import io.flotilla.api.agent.FluxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a completed delete of the {@code microsoft.flux} extension removes from the cluster, as
 * Azure's uninstall does: its settings, the Flux CRDs, and the {@code flux-system} namespace the
 * agent made for it. Nothing a user made is deleted with it: a CRD that still has objects (made
 * outside any configuration, whose own objects are gone before the service lets the extension go)
 * and a namespace that holds anything else are kept, and said so. The FluxConfig CRD stays: the
 * agent itself, which outlives the extension here, watches it.
 */
final class FluxUninstall {
  private static final Logger LOG = LoggerFactory.getLogger(FluxUninstall.class);

  /** Objects Kubernetes puts into every namespace by itself. */
  private static final Set<String> AUTOMATIC = Set.of("kube-root-ca.crt", "default");

  private final KubernetesClient client;

  FluxUninstall(KubernetesClient client) {
    this.client = client;
  }

  /** Removes what can go; returns what was kept and why (empty when everything went). */
  List<String> run() {
    List<String> kept = new ArrayList<>();
    removeSettings();
    for (String name : FluxCrds.NAMES) {
      if (!name.endsWith(".toolkit.fluxcd.io")) {
        continue;
      }
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      if (crd == null) {
        continue;
      }
      List<String> objects = objectsOf(crd);
      if (objects.isEmpty()) {
        client.resource(crd).delete();
      } else {
        kept.add(
            "CRD "
                + name
                + " kept: "
                + objects.size()
                + " object(s) remain ("
                + String.join(", ", objects.subList(0, Math.min(3, objects.size())))
                + (objects.size() > 3 ? ", …" : "")
                + ")");
      }
    }
    namespace().ifPresent(kept::add);
    kept.forEach(k -> LOG.warn("microsoft.flux extension deleted; {}", k));
    return kept;
  }

  /** The settings alone: what goes when the extension is gone from the service altogether. */
  void removeSettings() {
    client
        .configMaps()
        .inNamespace(FluxExtension.NAMESPACE)
        .withName(FluxExtension.SETTINGS_CONFIG_MAP)
        .delete();
    client
        .secrets()
        .inNamespace(FluxExtension.NAMESPACE)
        .withName(FluxExtension.PROTECTED_SECRET)
        .delete();
  }

  private List<String> objectsOf(CustomResourceDefinition crd) {
    return client
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup(crd.getSpec().getGroup())
                .withVersion(crd.getSpec().getVersions().get(0).getName())
                .withKind(crd.getSpec().getNames().getKind())
                .withPlural(crd.getSpec().getNames().getPlural())
                .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                .build())
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .map(FluxUninstall::describe)
        .toList();
  }

  /** Deletes flux-system when the agent made it and it holds nothing else; else says why not. */
  private java.util.Optional<String> namespace() {
    Namespace ns = client.namespaces().withName(FluxExtension.NAMESPACE).get();
    if (ns == null) {
      return java.util.Optional.empty();
    }
    var labels = ns.getMetadata().getLabels();
    if (labels == null || !ClusterWriter.AGENT.equals(labels.get(ClusterWriter.MANAGED_BY))) {
      return java.util.Optional.of(
          "namespace " + FluxExtension.NAMESPACE + " kept: it was not made by the agent");
    }
    String in = FluxExtension.NAMESPACE;
    List<String> left =
        Stream.of(
                client.configMaps().inNamespace(in).list().getItems(),
                client.secrets().inNamespace(in).list().getItems(),
                client.serviceAccounts().inNamespace(in).list().getItems(),
                client.pods().inNamespace(in).list().getItems(),
                client.services().inNamespace(in).list().getItems(),
                client.apps().deployments().inNamespace(in).list().getItems())
            .flatMap(List::stream)
            .map(o -> (HasMetadata) o)
            .filter(o -> !AUTOMATIC.contains(o.getMetadata().getName()))
            .filter(o -> !"kubernetes.io/service-account-token".equals(secretType(o)))
            .map(o -> o.getKind() + " " + o.getMetadata().getName())
            .toList();
    if (!left.isEmpty()) {
      return java.util.Optional.of(
          "namespace "
              + in
              + " kept: it still holds "
              + String.join(", ", left.subList(0, Math.min(3, left.size())))
              + (left.size() > 3 ? ", …" : ""));
    }
    client.namespaces().withName(in).delete();
    return java.util.Optional.empty();
  }

  private static String secretType(HasMetadata o) {
    return o instanceof io.fabric8.kubernetes.api.model.Secret s ? s.getType() : null;
  }

  private static String describe(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return Objects.toString(ns, "") + (ns == null ? "" : "/") + o.getMetadata().getName();
  }
}
