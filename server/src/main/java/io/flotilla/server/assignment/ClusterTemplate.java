package io.flotilla.server.assignment;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.KustomizationDefinition.PostBuildDefinition;
import io.flotilla.server.fluxconfig.FluxConfigurationRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The template made concrete for one cluster: {@code ${cluster.name}}, {@code
 * ${cluster.resourceGroup}} and {@code ${cluster.subscriptionId}} in a Kustomization's path are
 * replaced, and with {@code clusterTagSubstitutions} each cluster tag whose name is a valid Flux
 * variable name becomes a postBuild substitution (the template's own values win).
 */
final class ClusterTemplate {
  /** Flux's rule for a postBuild variable name. */
  private static final Pattern VARIABLE = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9]*$");

  private ClusterTemplate() {}

  static FluxConfigurationProperties render(
      AssignmentSpec spec, ClusterRef cluster, Map<String, String> tags) {
    FluxConfigurationProperties t = spec.template();
    if (t.kustomizations() == null) {
      return FluxConfigurationRules.validateAndDefault(spec.configurationName(), t);
    }
    Map<String, KustomizationDefinition> ks = new LinkedHashMap<>();
    t.kustomizations()
        .forEach(
            (name, k) ->
                ks.put(
                    name,
                    k == null
                        ? null
                        : new KustomizationDefinition(
                            k.name(),
                            k.path() == null ? null : substitute(k.path(), cluster),
                            k.dependsOn(),
                            k.timeoutInSeconds(),
                            k.syncIntervalInSeconds(),
                            k.retryIntervalInSeconds(),
                            k.prune(),
                            k.force(),
                            k.waitForHealth(),
                            spec.clusterTagSubstitutions()
                                ? withTags(k.postBuild(), tags)
                                : k.postBuild(),
                            k.decryption())));
    FluxConfigurationProperties concrete = t.desiredOnly().with(b -> b.kustomizations = ks);
    return FluxConfigurationRules.validateAndDefault(spec.configurationName(), concrete);
  }

  static String substitute(String path, ClusterRef cluster) {
    return path.replace("${cluster.name}", cluster.clusterName())
        .replace("${cluster.resourceGroup}", cluster.resourceGroup())
        .replace("${cluster.subscriptionId}", cluster.subscriptionId());
  }

  private static PostBuildDefinition withTags(PostBuildDefinition pb, Map<String, String> tags) {
    Map<String, String> vars = new LinkedHashMap<>();
    tags.forEach(
        (k, v) -> {
          if (VARIABLE.matcher(k).matches()) {
            vars.put(k, v);
          }
        });
    if (pb != null && pb.substitute() != null) {
      vars.putAll(pb.substitute());
    }
    if (vars.isEmpty()) {
      return pb;
    }
    return new PostBuildDefinition(vars, pb == null ? null : pb.substituteFrom());
  }
}
