package io.flotilla.api.fluxconfig;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code clusterconfig.azure.com/v1beta1 FluxConfig}: one flux configuration as it lives in the
 * cluster, written by the agent and turned into Flux objects by the FluxConfig controller.
 */
@AdditionalPrinterColumn(name = "Scope", jsonPath = ".spec.scope")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.gitRepository.url")
@AdditionalPrinterColumn(name = "Provision", jsonPath = ".status.provisioningState")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(FluxConfig.GROUP)
@Version("v1beta1")
@Plural("fluxconfigs")
public class FluxConfig extends CustomResource<FluxConfigSpec, FluxConfigStatus>
    implements Namespaced {
  public static final String GROUP = "clusterconfig.azure.com";
  public static final String API_VERSION = GROUP + "/v1beta1";
  public static final String KIND = "FluxConfig";

  /** Label on every object the FluxConfig controller creates: the configuration's name. */
  public static final String NAME_LABEL = GROUP + "/name";

  /**
   * {@code "true"} on a HelmRelease in a configuration's repository: its chart comes from the
   * configuration's own GitRepository, which the FluxConfig controller writes into {@code
   * spec.chart.spec.sourceRef}.
   */
  public static final String USE_MANAGED_SOURCE = GROUP + "/use-managed-source";
}
