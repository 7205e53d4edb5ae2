package io.flotilla.deploy.install;

import static io.flotilla.deploy.install.InstallManifests.rule;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/**
 * What the agent does to a cluster, and nothing more: write FluxConfigs and their
 * protected-parameters Secrets (creating a configuration's namespace), the flux extension's
 * settings and Flux CRDs when missing, and, when the extension is deleted, check for leftover
 * objects before removing the CRDs and the namespace it made ({@code FluxUninstall}).
 */
final class AgentRules {
  private AgentRules() {}

  static final List<PolicyRule> RULES =
      List.of(
          rule(
              "clusterconfig.azure.com",
              "fluxconfigs,fluxconfigs/status",
              InstallManifests.ALL_VERBS),
          // the agent creates a configuration's namespace by server-side apply: a patch
          rule("", "namespaces", "get", "list", "watch", "create", "patch", "delete"),
          rule("", "secrets,configmaps", InstallManifests.ALL_VERBS),
          rule("", "serviceaccounts,pods,services", "list"),
          rule("apps", "deployments", "list"),
          rule("apiextensions.k8s.io", "customresourcedefinitions", InstallManifests.ALL_VERBS),
          rule("source.toolkit.fluxcd.io", "*", "get", "list"),
          rule("kustomize.toolkit.fluxcd.io", "*", "get", "list"),
          rule("helm.toolkit.fluxcd.io", "*", "get", "list"),
          // list: the dashboard's recent events of a configuration (Observer)
          rule("", "events", "create", "patch", "list"));
}
