package io.flotilla.server.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.api.flux.meta.FluxType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A joined cluster's Flux objects as one user may see them: listed across namespaces as that user
 * (impersonated); where the user may not list across namespaces, namespace by namespace (the
 * namespaces listed as the kubeconfig's service account, which the join steps allow), as WGE does.
 * A kind the cluster does not serve is reported, not an error.
 */
final class FluxObjects {
  /** The kinds WGE shows for a joined cluster, at the versions Flux 2.x serves. */
  static final List<FluxType> KINDS =
      List.of(
          FluxType.GIT_REPOSITORY,
          FluxType.KUSTOMIZATION,
          FluxType.HELM_RELEASE,
          FluxType.PROVIDER,
          FluxType.ALERT,
          FluxType.RECEIVER);

  private static ResourceDefinitionContext context(FluxType type) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(type.version())
        .withKind(type.kind())
        .withPlural(type.plural())
        .withNamespaced(true)
        .build();
  }

  /** One object, as a row. {@code ready} is its Ready condition's status, or Unknown. */
  record Item(
      String kind,
      String apiVersion,
      String namespace,
      String name,
      String ready,
      String reason,
      String message,
      boolean suspended,
      String revision) {}

  /** A kind the user sees nothing of, and why ({@code NotInstalled} or {@code Forbidden}). */
  record Unavailable(String kind, String reason, String message) {}

  record Listing(List<Item> items, List<Unavailable> unavailable) {}

  private FluxObjects() {}

  /**
   * Reads every kind as {@code who}; a failure to reach the cluster propagates as the client's
   * exception.
   */
  static Listing read(KubernetesClient leaf, Impersonation who) {
    RequestConfig rc =
        new RequestConfigBuilder()
            .withImpersonateUsername(who.user())
            .withImpersonateGroups(who.groups().toArray(String[]::new))
            .build();
    // a view of the same client with other headers: it shares the connection pool, so it is not
    // closed here
    return read(leaf, leaf.newClient(rc).adapt(KubernetesClient.class));
  }

  private static Listing read(KubernetesClient serviceAccount, KubernetesClient as) {
    List<Item> items = new ArrayList<>();
    List<Unavailable> unavailable = new ArrayList<>();
    List<String> namespaces = null;
    for (FluxType k : KINDS) {
      try {
        as.genericKubernetesResources(context(k)).inAnyNamespace().list().getItems().stream()
            .map(o -> item(k, o))
            .forEach(items::add);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          unavailable.add(
              new Unavailable(
                  k.kind(), "NotInstalled", "the cluster does not serve " + k.apiVersion()));
        } else if (e.getCode() == 403) {
          if (namespaces == null) {
            namespaces =
                serviceAccount.namespaces().list().getItems().stream()
                    .map(Namespace::getMetadata)
                    .map(m -> m.getName())
                    .toList();
          }
          perNamespace(as, k, namespaces, e, items, unavailable);
        } else {
          throw e;
        }
      }
    }
    items.sort(
        Comparator.comparing((Item i) -> kindOrder(i.kind()))
            .thenComparing(Item::namespace)
            .thenComparing(Item::name));
    return new Listing(items, unavailable);
  }

  private static void perNamespace(
      KubernetesClient as,
      FluxType k,
      List<String> namespaces,
      KubernetesClientException clusterWide,
      List<Item> items,
      List<Unavailable> unavailable) {
    boolean any = false;
    for (String ns : namespaces) {
      try {
        as.genericKubernetesResources(context(k)).inNamespace(ns).list().getItems().stream()
            .map(o -> item(k, o))
            .forEach(items::add);
        any = true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
      }
    }
    if (!any) {
      unavailable.add(
          new Unavailable(k.kind(), "Forbidden", LeafErrors.statusMessage(clusterWide)));
    }
  }

  private static int kindOrder(String kind) {
    for (int i = 0; i < KINDS.size(); i++) {
      if (KINDS.get(i).kind().equals(kind)) {
        return i;
      }
    }
    return KINDS.size();
  }

  @SuppressWarnings("unchecked")
  static Item item(FluxType k, GenericKubernetesResource o) {
    Map<String, Object> props = o.getAdditionalProperties();
    Map<String, Object> spec = map(props.get("spec"));
    Map<String, Object> status = map(props.get("status"));
    String ready = "Unknown";
    String reason = "";
    String message = "";
    Object conditions = status.get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object c : list) {
        Map<String, Object> m = map(c);
        if ("Ready".equals(m.get("type"))) {
          ready = text(m.get("status"), "Unknown");
          reason = text(m.get("reason"), "");
          message = text(m.get("message"), "");
        }
      }
    }
    String revision = text(map(status.get("artifact")).get("revision"), "");
    if (revision.isEmpty()) {
      revision = text(status.get("lastAppliedRevision"), "");
    }
    if (revision.isEmpty()) {
      revision = text(status.get("lastAttemptedRevision"), "");
    }
    return new Item(
        k.kind(),
        k.apiVersion(),
        o.getMetadata().getNamespace(),
        o.getMetadata().getName(),
        ready,
        reason,
        message,
        Boolean.TRUE.equals(spec.get("suspend")),
        revision);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object o, String otherwise) {
    return o == null ? otherwise : o.toString();
  }
}
