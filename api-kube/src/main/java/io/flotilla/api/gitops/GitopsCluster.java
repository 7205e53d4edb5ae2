package io.flotilla.api.gitops;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.PrinterColumnOrder;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code gitops.weave.works/v1alpha1 GitopsCluster}, as Weave GitOps Enterprise defines it: a
 * cluster joined to a management cluster by a kubeconfig Secret ({@code spec.secretRef}, key {@code
 * value} or {@code value.yaml}) or by a Cluster API cluster ({@code spec.capiClusterRef}, whose
 * kubeconfig Secret is {@code <name>-kubeconfig}). Its status carries {@code Ready} and {@code
 * ClusterConnectivity}.
 */
@AdditionalPrinterColumn(
    name = "ClusterConnectivity",
    jsonPath = ".status.conditions[?(@.type==\"ClusterConnectivity\")].status")
@PrinterColumnOrder({"Age", "Ready", "Status", "ClusterConnectivity"})
@Group(GitopsCluster.GROUP)
@Version("v1alpha1")
@Plural("gitopsclusters")
public class GitopsCluster extends FluxResource<GitopsClusterSpec, GitopsClusterStatus> {
  public static final String GROUP = "gitops.weave.works";
  public static final String API_VERSION = GROUP + "/v1alpha1";
  public static final String KIND = "GitopsCluster";
  public static final String CRD_NAME = "gitopsclusters." + GROUP;

  /** The label WGE's ClusterBootstrapConfig selects on: "bootstrap Flux into this cluster". */
  public static final String BOOTSTRAP_LABEL = "weave.works/capi";

  /** With {@code BOOTSTRAP_LABEL}: the value that asks for the bootstrap. */
  public static final String BOOTSTRAP_VALUE = "bootstrap";

  /** WGE: the cluster is provisioned; marks {@code ClusterProvisioned} True. */
  public static final String PROVISIONED_ANNOTATION = "clusters.gitops.weave.works/provisioned";

  /** WGE: do not hold the GitopsCluster's deletion until its Secret is gone. */
  public static final String NO_SECRET_FINALIZER_ANNOTATION =
      "clusters.gitops.weave.works/no-secret-finalizer";

  /** The kubeconfig Secret's keys WGE reads, in that order. */
  public static final java.util.List<String> KUBECONFIG_KEYS =
      java.util.List.of("value", "value.yaml");

  /** The condition types and reasons, WGE's words. */
  public static final String CLUSTER_CONNECTIVITY = "ClusterConnectivity";

  public static final String CLUSTER_PROVISIONED = "ClusterProvisioned";
}
