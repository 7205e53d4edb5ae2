package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.ObjectReferenceDefinition;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.testkit.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flux objects that a configuration's Kustomization applies appear in its statuses with appliedBy
 * and their own conditions, and count in the configuration's compliance: a broken nested
 * Kustomization makes the whole configuration Non-Compliant.
 */
class AppliedFluxObjectsIT {

  @RegisterExtension static final RunningControllers cluster = RunningControllers.forFluxConfigs();

  @TempDir static Path tmp;
  static String url;

  @BeforeAll
  static void start() {
    try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
      url = repo.fileUrl();
      repo.write(
          Map.of(
              "plain/cm.yaml",
              ConfigMaps.yaml("nested"),
              "flux/objects.yaml",
              """
              apiVersion: source.toolkit.fluxcd.io/v1
              kind: GitRepository
              metadata:
                name: extra
                namespace: default
              spec:
                url: %s
                interval: 1m
                ref:
                  branch: main
              ---
              apiVersion: kustomize.toolkit.fluxcd.io/v1
              kind: Kustomization
              metadata:
                name: broken
                namespace: default
              spec:
                sourceRef:
                  kind: GitRepository
                  name: extra
                path: ./missing
                interval: 1m
                retryInterval: 2s
                prune: true
              """
                  .formatted(url)));
      repo.commit("Flux objects applied by the configuration");
    }
  }

  @Test
  void appliedFluxObjectsAreReportedWithTheKustomizationThatAppliedThem() {
    FluxConfig config =
        FluxConfigs.onMainBranch(
            "default",
            "cfg",
            url,
            30L,
            60L,
            Map.of("flux", FluxConfigs.pruned("flux", "./flux", 60)));
    cluster.client().resource(config).create();

    FluxConfigs.awaitStatus(
        cluster,
        "cfg",
        c -> {
          assertThat(c.getStatus().statuses())
              .as(String.valueOf(c.getStatus()))
              .extracting(s -> s.kind() + "/" + s.name() + " " + s.complianceState())
              .containsExactly(
                  "GitRepository/cfg Compliant",
                  "Kustomization/cfg-flux Compliant",
                  // applied objects follow, in inventory order
                  "Kustomization/broken Non-Compliant",
                  "GitRepository/extra Compliant");
          ObjectStatusDefinition broken = c.getStatus().statuses().get(2);
          assertThat(broken.appliedBy())
              .isEqualTo(new ObjectReferenceDefinition("cfg-flux", "default"));
          assertThat(broken.statusConditions())
              .anySatisfy(
                  cond -> {
                    assertThat(cond.type()).isEqualTo("Ready");
                    assertThat(cond.status()).isEqualTo("False");
                  });
          assertThat(c.getStatus().statuses().get(0).appliedBy()).isNull();
          assertThat(c.getStatus().complianceState()).isEqualTo("Non-Compliant");
        });
  }
}
