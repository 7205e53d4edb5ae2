package io.flotilla.kustomize;

import java.util.ArrayList;
import java.util.List;

/** kustomize's built-in field specs for labels and annotations (api/konfig/builtinpluginconsts). */
final class FieldSpecs {
  private FieldSpecs() {}

  private static final List<String[]> WORKLOADS =
      List.of(
          new String[] {"apps", "Deployment"},
          new String[] {"apps", "ReplicaSet"},
          new String[] {"apps", "DaemonSet"},
          new String[] {"apps", "StatefulSet"},
          new String[] {"extensions", "Deployment"},
          new String[] {"extensions", "ReplicaSet"},
          new String[] {"extensions", "DaemonSet"});

  /** Where common labels go when selectors are included ({@code commonLabels}). */
  static List<FieldSpec> labelsWithSelectors() {
    List<FieldSpec> out = new ArrayList<>(metadataLabels());
    out.add(FieldSpec.of("", "Service", "spec/selector", true));
    out.add(FieldSpec.of("", "ReplicationController", "spec/selector", true));
    for (String[] w : WORKLOADS) {
      out.add(FieldSpec.of(w[0], w[1], "spec/selector/matchLabels", true));
    }
    out.add(FieldSpec.of("batch", "Job", "spec/selector/matchLabels", false));
    out.add(FieldSpec.of("batch", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false));
    out.add(FieldSpec.of("policy", "PodDisruptionBudget", "spec/selector/matchLabels", false));
    out.add(
        FieldSpec.of("networking.k8s.io", "NetworkPolicy", "spec/podSelector/matchLabels", false));
    out.addAll(templateLabels());
    return out;
  }

  /** Labels on the objects themselves only ({@code labels} without selectors or templates). */
  static List<FieldSpec> metadataLabels() {
    return List.of(FieldSpec.any("metadata/labels", true));
  }

  /** Labels on pod templates ({@code labels[].includeTemplates}). */
  static List<FieldSpec> templateLabels() {
    List<FieldSpec> out = new ArrayList<>();
    out.add(FieldSpec.of("", "ReplicationController", "spec/template/metadata/labels", true));
    for (String[] w : WORKLOADS) {
      out.add(FieldSpec.of(w[0], w[1], "spec/template/metadata/labels", true));
    }
    out.add(
        FieldSpec.of("apps", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true));
    out.add(FieldSpec.of("batch", "Job", "spec/template/metadata/labels", true));
    out.add(FieldSpec.of("batch", "CronJob", "spec/jobTemplate/metadata/labels", true));
    out.add(
        FieldSpec.of("batch", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true));
    return out;
  }

  /** Where {@code commonAnnotations} go. */
  static List<FieldSpec> annotations() {
    List<FieldSpec> out = new ArrayList<>();
    out.add(FieldSpec.any("metadata/annotations", true));
    out.add(FieldSpec.of("", "ReplicationController", "spec/template/metadata/annotations", true));
    for (String[] w : WORKLOADS) {
      out.add(FieldSpec.of(w[0], w[1], "spec/template/metadata/annotations", true));
    }
    out.add(FieldSpec.of("batch", "Job", "spec/template/metadata/annotations", true));
    out.add(FieldSpec.of("batch", "CronJob", "spec/jobTemplate/metadata/annotations", true));
    out.add(
        FieldSpec.of(
            "batch", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true));
    return out;
  }
}
