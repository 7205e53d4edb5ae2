package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.api.FluxCrds;
import io.flotilla.api.agent.DesiredExtension;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster side of deleting the {@code microsoft.flux} extension, against the embedded API: a
 * completed delete removes what the extension brought (settings, Flux CRDs, its namespace) and
 * keeps what a user made; installing it again brings the CRDs back.
 */
class FluxUninstallIT {
  EmbeddedKubeApi api;
  KubernetesClient client;
  ExtensionWriter writer;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    Config config =
        new ConfigBuilder().withMasterUrl(api.url()).withOauthToken(api.adminToken()).build();
    config.setOnlyHttpWatches(true);
    client = new KubernetesClientBuilder().withConfig(config).build();
    writer = new ExtensionWriter(client, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  static DesiredExtension flux(long version, boolean deleting) {
    return new DesiredExtension(
        "/subscriptions/s/…/extensions/flux",
        "flux",
        version,
        deleting,
        new DesiredExtension.Properties(
            "microsoft.flux",
            null,
            "Stable",
            Map.of("multiTenancy.enforce", "true"),
            Map.of("secret", "value")));
  }

  boolean crd(String name) {
    return client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
  }

  @Test
  void aCompletedDeleteRemovesWhatTheExtensionBroughtAndANewInstallBringsItBack() {
    writer.apply(List.of(flux(1, false)));
    assertThat(FluxCrds.NAMES).allMatch(this::crd);
    assertThat(client.namespaces().withName(FluxExtension.NAMESPACE).get()).isNotNull();
    assertThat(
            client
                .configMaps()
                .inNamespace(FluxExtension.NAMESPACE)
                .withName(FluxExtension.SETTINGS_CONFIG_MAP)
                .get())
        .isNotNull();

    List<ExtensionStatus> reported = writer.apply(List.of(flux(2, true)));

    assertThat(reported).singleElement().extracting(ExtensionStatus::deleted).isEqualTo(true);
    assertThat(FluxCrds.NAMES.stream().filter(this::crd))
        .containsExactly("fluxconfigs.clusterconfig.azure.com");
    assertThat(client.namespaces().withName(FluxExtension.NAMESPACE).get())
        .satisfiesAnyOf(
            ns -> assertThat(ns).isNull(),
            ns -> assertThat(ns.getMetadata().getDeletionTimestamp()).isNotNull());
    assertThat(
            client
                .secrets()
                .inNamespace(FluxExtension.NAMESPACE)
                .withName(FluxExtension.PROTECTED_SECRET)
                .get())
        .isNull();

    writer.apply(List.of(flux(3, false)));
    assertThat(FluxCrds.NAMES).allMatch(this::crd);
  }

  @Test
  void whatAUserMadeIsKept() {
    writer.apply(List.of(flux(1, false)));
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build())
        .create();
    GitRepository own = new GitRepository();
    own.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("mine")
            .withNamespace("team")
            .build());
    own.setSpec(
        io.flotilla.api.flux.source.GitRepositorySpec.of("https://example.com/repo", "1m", null));
    client.resource(own).create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("notes")
                .withNamespace(FluxExtension.NAMESPACE)
                .endMetadata()
                .addToData("a", "b")
                .build())
        .create();

    List<String> kept = new FluxUninstall(client).run();

    assertThat(kept)
        .containsExactly(
            "CRD gitrepositories.source.toolkit.fluxcd.io kept: 1 object(s) remain (team/mine)",
            "namespace flux-system kept: it still holds ConfigMap notes");
    assertThat(crd("gitrepositories.source.toolkit.fluxcd.io")).isTrue();
    assertThat(crd("kustomizations.kustomize.toolkit.fluxcd.io")).isFalse();
    assertThat(client.resources(GitRepository.class).inNamespace("team").withName("mine").get())
        .isNotNull();
    assertThat(client.configMaps().inNamespace(FluxExtension.NAMESPACE).withName("notes").get())
        .isNotNull();
  }
}
