package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.util.List;

/**
 * The identity a configuration's Kustomizations act as, as Azure sets it up: the {@code
 * flux-applier} ServiceAccount in the configuration's namespace, bound to {@code cluster-admin}
 * across the cluster for scope {@code cluster}, or only inside that namespace for scope {@code
 * namespace}.
 */
final class Tenancy {
  static final String SERVICE_ACCOUNT = "flux-applier";
  static final String BINDING = "flux-applier-binding";

  private Tenancy() {}

  static boolean clusterScoped(FluxConfig config) {
    String scope = config.getSpec().scope();
    return scope == null || scope.isEmpty() || "cluster".equalsIgnoreCase(scope);
  }

  /**
   * The ClusterRoleBinding's name: one per namespace, since several cluster-scoped configurations
   * in different namespaces each need their own service account bound.
   */
  static String clusterBindingName(String namespace) {
    return BINDING + "-" + namespace;
  }

  /**
   * Shared by every configuration of the namespace, so owned by none of them: {@link #leftovers}
   * decides when they go.
   */
  private static io.fabric8.kubernetes.api.model.ObjectMeta shared(FluxConfig config, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(config.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "fluxconfig-controller")
        .build();
  }

  /**
   * What may be deleted when {@code leaving} goes, given the configurations that remain in its
   * namespace: the cluster binding when no cluster-scoped one remains, the namespace binding when
   * no namespace-scoped one remains, the service account when none remains.
   */
  static List<HasMetadata> leftovers(FluxConfig leaving, List<FluxConfig> remaining) {
    String ns = leaving.getMetadata().getNamespace();
    List<HasMetadata> out = new java.util.ArrayList<>();
    if (remaining.stream().noneMatch(Tenancy::clusterScoped)) {
      out.add(
          new ClusterRoleBindingBuilder()
              .withNewMetadata()
              .withName(clusterBindingName(ns))
              .endMetadata()
              .build());
    }
    if (remaining.stream().allMatch(Tenancy::clusterScoped)) {
      out.add(
          new RoleBindingBuilder()
              .withNewMetadata()
              .withName(BINDING)
              .withNamespace(ns)
              .endMetadata()
              .build());
    }
    if (remaining.isEmpty()) {
      out.add(
          new ServiceAccountBuilder()
              .withNewMetadata()
              .withName(SERVICE_ACCOUNT)
              .withNamespace(ns)
              .endMetadata()
              .build());
    }
    return out;
  }

  /** What to apply for the configuration; the first element is the ServiceAccount. */
  static List<HasMetadata> objects(FluxConfig config) {
    String ns = config.getMetadata().getNamespace();
    ServiceAccount sa =
        new ServiceAccountBuilder().withMetadata(shared(config, SERVICE_ACCOUNT)).build();
    if (clusterScoped(config)) {
      ClusterRoleBinding binding =
          new ClusterRoleBindingBuilder()
              .withMetadata(
                  new ObjectMetaBuilder()
                      .withName(clusterBindingName(ns))
                      .addToLabels(FluxConfig.NAME_LABEL, config.getMetadata().getName())
                      .build())
              .withRoleRef(clusterAdmin())
              .withSubjects(applier(ns))
              .build();
      return List.of(sa, binding);
    }
    RoleBinding binding =
        new RoleBindingBuilder()
            .withMetadata(shared(config, BINDING))
            .withRoleRef(clusterAdmin())
            .withSubjects(applier(ns))
            .build();
    return List.of(sa, binding);
  }

  /** The role both bindings grant. */
  private static RoleRef clusterAdmin() {
    return new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin");
  }

  /** The namespace's applier service account, the subject of both bindings. */
  private static Subject applier(String ns) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(SERVICE_ACCOUNT)
        .withNamespace(ns)
        .build();
  }
}
