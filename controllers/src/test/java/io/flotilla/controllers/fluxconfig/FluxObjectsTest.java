package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.FluxConfigs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FluxObjectsTest {
  /** The tutorial's configuration: two kustomizations, apps depends on infra, prune on both. */
  private static FluxConfig tutorial() {
    Map<String, KustomizationDefinition> ks =
        FluxConfigs.infraThenApps(
            KustomizationDefinition.of("infra", "./infrastructure").with(k -> k.prune = true),
            FluxConfigs.kustomization("apps", "./apps/staging", 300L, 120L)
                .with(k -> k.waitForHealth = false));
    FluxConfig config =
        FluxConfigs.of(
            "cluster-config",
            "cluster-config",
            "/subscriptions/s/…/fluxConfigurations/cluster-config",
            3L,
            FluxConfigs.mainBranch("https://example.com/repo", 600L, 600L, null),
            ks);
    config.getMetadata().setUid("u1");
    return config;
  }

  @Test
  void aReconcileRequestOfTheConfigurationReachesItsSourceAndKustomizationsOnly() {
    FluxConfig config = tutorial();
    assertThat(FluxObjects.gitRepository(config, false).getMetadata().getAnnotations()).isEmpty();
    config.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "t1"));
    assertThat(FluxObjects.gitRepository(config, false).getMetadata().getAnnotations())
        .containsExactly(Map.entry("reconcile.fluxcd.io/requestedAt", "t1"));
    assertThat(FluxObjects.kustomizations(config))
        .allSatisfy(
            ks ->
                assertThat(ks.getMetadata().getAnnotations())
                    .containsEntry("reconcile.fluxcd.io/requestedAt", "t1"));
    // the auth Secret is no Flux object: nothing reconciles it
    assertThat(FluxObjects.meta(config, "cluster-config-auth").getAnnotations()).isEmpty();
  }

  @Test
  void theSourceIsNamedLikeTheConfigurationWithGoDurations() {
    GitRepository repo = FluxObjects.gitRepository(tutorial(), false);
    assertThat(repo.getMetadata().getName()).isEqualTo("cluster-config");
    assertThat(repo.getMetadata().getNamespace()).isEqualTo("cluster-config");
    assertThat(repo.getSpec().url()).isEqualTo("https://example.com/repo");
    assertThat(repo.getSpec().interval()).isEqualTo("10m0s");
    assertThat(repo.getSpec().timeout()).isEqualTo("10m0s");
    assertThat(repo.getSpec().ref().branch()).isEqualTo("main");
    assertThat(repo.getSpec().secretRef()).isNull();
    assertThat(repo.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("FluxConfig"));
  }

  @Test
  void eachKustomizationIsNamedConfigDashEntryAndDependsOnItsSiblings() {
    List<Kustomization> list = FluxObjects.kustomizations(tutorial());
    assertThat(list)
        .extracting(k -> k.getMetadata().getName())
        .containsExactly("cluster-config-infra", "cluster-config-apps");
    Kustomization apps = list.get(1);
    assertThat(apps.getSpec().path()).isEqualTo("./apps/staging");
    assertThat(apps.getSpec().prune()).isTrue();
    assertThat(apps.getSpec().waitForHealth()).isFalse();
    assertThat(apps.getSpec().interval()).isEqualTo("2m0s");
    assertThat(apps.getSpec().timeout()).isEqualTo("5m0s");
    assertThat(apps.getSpec().dependsOn())
        .containsExactly(new DependencyReference("cluster-config-infra", null, null));
    assertThat(apps.getSpec().sourceRef().kind()).isEqualTo("GitRepository");
    assertThat(apps.getSpec().sourceRef().name()).isEqualTo("cluster-config");
    Kustomization infra = list.get(0);
    assertThat(infra.getSpec().waitForHealth()).as("wait defaults to true, as in the API").isTrue();
    assertThat(infra.getSpec().dependsOn()).isNull();
  }

  @Test
  void decryptionBecomesTheKustomizationsSpecDecryption() {
    FluxConfig config = tutorial();
    Map<String, KustomizationDefinition> ks =
        new LinkedHashMap<>(config.getSpec().kustomizations());
    ks.put(
        "secrets",
        KustomizationDefinition.of("secrets", "./secrets")
            .with(
                k -> {
                  k.prune = true;
                  k.decryption =
                      new KustomizationDefinition.DecryptionDefinition(
                          "sops", new KustomizationDefinition.SecretReference("sops-keys"));
                }));
    config.setSpec(config.getSpec().with(s -> s.kustomizations = ks));
    Kustomization secrets = FluxObjects.kustomizations(config).get(2);
    assertThat(secrets.getSpec().decryption().provider()).isEqualTo("sops");
    assertThat(secrets.getSpec().decryption().secretRef().name()).isEqualTo("sops-keys");
    assertThat(FluxObjects.kustomizations(config).get(0).getSpec().decryption()).isNull();
  }

  @Test
  void credentialsBecomeFluxSecretKeys() {
    var git =
        new GitRepositoryDefinition("https://x", null, null, null, null, "bob", null, null, null);
    var data =
        AuthSecret.gitData(
            git,
            Map.of("httpsKey", java.util.Base64.getEncoder().encodeToString("s3cret".getBytes())));
    assertThat(data).containsEntry("username", "bob").containsEntry("password", "s3cret");
    var local =
        new GitRepositoryDefinition(
            "https://x", null, null, null, null, "bob", null, "my-secret", null);
    assertThat(AuthSecret.gitData(local, Map.of("httpsKey", "eA==")))
        .as("localAuthRef wins")
        .isEmpty();
  }
}
