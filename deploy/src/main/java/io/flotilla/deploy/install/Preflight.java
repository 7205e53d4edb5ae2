package io.flotilla.deploy.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What is checked before anything is written, so that a refused install leaves nothing behind: the
 * cluster answers, the kubeconfig's user may write every object, and the cluster does not already
 * run Flux or another Flotilla (unless forced).
 */
final class Preflight {
  private static final Map<String, String> RESOURCES =
      Map.ofEntries(
          Map.entry("Namespace", "namespaces"),
          Map.entry("CustomResourceDefinition", "customresourcedefinitions"),
          Map.entry("ServiceAccount", "serviceaccounts"),
          Map.entry("ClusterRole", "clusterroles"),
          Map.entry("ClusterRoleBinding", "clusterrolebindings"),
          Map.entry("Role", "roles"),
          Map.entry("RoleBinding", "rolebindings"),
          Map.entry("Secret", "secrets"),
          Map.entry("Service", "services"),
          Map.entry("Deployment", "deployments"),
          Map.entry("GitRepository", "gitrepositories"),
          Map.entry("Kustomization", "kustomizations"));

  private final KubernetesClient client;

  Preflight(KubernetesClient client) {
    this.client = client;
  }

  /** The API server's version, or refused naming the server and why it did not answer. */
  String reach() {
    String server = client.getConfiguration().getMasterUrl();
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401) {
        throw new InstallRefused(
            "the cluster at "
                + server
                + " refused the kubeconfig's credentials (401 Unauthorized): renew them (for"
                + " example log in again) and retry");
      }
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      throw new InstallRefused(
          "cannot reach the cluster at "
              + server
              + ": "
              + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
              + "; check the kubeconfig's server and context");
    }
  }

  /** Every object the kubeconfig's user may not create or patch, as one refusal. */
  void permissions(List<? extends HasMetadata> objects) {
    if (allowed("*", "*", "*", null, null)) {
      return; // cluster-admin: nothing to list
    }
    Set<String> missing = new LinkedHashSet<>();
    for (HasMetadata o : objects) {
      String group = group(o.getApiVersion());
      String resource = RESOURCES.get(o.getKind());
      if (resource == null) {
        resource = o.getKind().toLowerCase(Locale.ROOT) + "s";
      }
      String ns = o.getMetadata().getNamespace();
      for (String verb : List.of("create", "patch")) {
        if (!allowed(verb, group, resource, ns, null)) {
          missing.add(
              verb
                  + " "
                  + resource
                  + (group.isEmpty() ? "" : "." + group)
                  + (ns == null ? "" : " in namespace " + ns));
        }
      }
      io.fabric8.kubernetes.api.model.rbac.RoleRef ref =
          switch (o) {
            case io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding b -> b.getRoleRef();
            case io.fabric8.kubernetes.api.model.rbac.RoleBinding b -> b.getRoleRef();
            default -> null;
          };
      // granting a role needs the role's rules or the right to bind it (escalation prevention)
      if (ref != null) {
        String roles = ref.getKind().equals("Role") ? "roles" : "clusterroles";
        if (!allowed("bind", "rbac.authorization.k8s.io", roles, ns, ref.getName())) {
          missing.add("bind " + roles + ".rbac.authorization.k8s.io " + ref.getName());
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new InstallRefused(
          whoami()
              + " lacks permissions to install: "
              + String.join(", ", missing)
              + "; use a cluster-admin kubeconfig");
    }
  }

  /**
   * Refuses a cluster that runs Flux's own controllers, another Flotilla in another namespace, or
   * an agent connected as another cluster; {@code force} takes them over instead.
   */
  void conflicts(InstallOptions options, boolean force) {
    if (force) {
      return;
    }
    List<String> found = new ArrayList<>();
    for (Deployment d : partOf("flux")) {
      found.add(
          "Flux (Deployment "
              + d.getMetadata().getNamespace()
              + "/"
              + d.getMetadata().getName()
              + ")");
    }
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("gitrepositories.source.toolkit.fluxcd.io")
            .get();
    if (found.isEmpty() && crd != null && "flux".equals(label(crd, InstallManifests.PART_OF))) {
      found.add("Flux (its CRD gitrepositories.source.toolkit.fluxcd.io)");
    }
    for (Deployment d : partOf(InstallManifests.FLOTILLA)) {
      if (!d.getMetadata().getNamespace().equals(options.namespace())) {
        found.add(
            "another Flotilla in namespace "
                + d.getMetadata().getNamespace()
                + " (Deployment "
                + d.getMetadata().getName()
                + ")");
        break;
      }
    }
    if (options.agent() != null) {
      Secret s =
          client
              .secrets()
              .inNamespace(options.namespace())
              .withName(InstallManifests.AGENT_SECRET)
              .get();
      String current = s == null || s.getData() == null ? null : s.getData().get("clusterId");
      if (current != null) {
        String id = new String(Base64.getDecoder().decode(current), StandardCharsets.UTF_8);
        if (!id.equals(options.agent().clusterId())) {
          found.add("a Flotilla agent connected as " + id);
        }
      }
    }
    if (!found.isEmpty()) {
      throw new InstallRefused(
          "the cluster already runs "
              + String.join(" and ", found)
              + ": installing would make two controllers reconcile the same objects; uninstall"
              + " it first, or pass --force to take its objects over");
    }
  }

  /** The Deployments, in any namespace, labelled as part of {@code value}. */
  private List<Deployment> partOf(String value) {
    return client
        .apps()
        .deployments()
        .inAnyNamespace()
        .withLabel(InstallManifests.PART_OF, value)
        .list()
        .getItems();
  }

  private static String label(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  boolean allowed(String verb, String group, String resource, String namespace, String name) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withNamespace(namespace)
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    SelfSubjectAccessReview answer =
        client.authorization().v1().selfSubjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  private String whoami() {
    var context = client.getConfiguration().getCurrentContext();
    return context == null || context.getContext() == null || context.getContext().getUser() == null
        ? "the kubeconfig's user"
        : "user " + context.getContext().getUser();
  }

  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
