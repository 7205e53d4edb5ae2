package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.testkit.PrometheusText;
import io.flotilla.testkit.ReconcileRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code flotilla controller --leader-elect} processes against one API server: exactly one
 * reconciles; {@code kill -9} of it hands the Lease to the other within 30 s (the Lease's 15 s plus
 * a retry), which picks up what changed meanwhile, and nothing is reconciled twice — each revision
 * stored and each change applied is announced by exactly one event. A third replica started without
 * leader election while the Lease is held refuses and says why.
 */
class LeaderFailoverE2E {
  private static final String LEASE = "flotilla-controller-leader-election";
  private static final Pattern METRICS = Pattern.compile("metrics at (http://\\S+)/metrics");
  private static final Pattern PROBES = Pattern.compile("probes at (http://\\S+)/healthz");
  private static final Pattern IDENTITY = Pattern.compile("leader-election as (\\S+)");

  @TempDir Path dir;

  @Test
  void killingTheLeaderHandsOverWithin30sWithoutALostOrDoubledReconcile() throws Exception {
    try (GitopsFixture fx = new GitopsFixture(dir)) {
      Path kubeconfig = dir.resolve("kubeconfig");
      fx.kube.api().writeKubeconfig(kubeconfig);
      String r1 = fx.repo.head();

      try (FlotillaProcess a = controller("a", kubeconfig, true)) {
        a.awaitOutput("controllers running", Duration.ofSeconds(90));
        String idA = find(IDENTITY, a);
        assertThat(holder(fx)).isEqualTo(idA);

        try (FlotillaProcess b = controller("b", kubeconfig, true)) {
          b.awaitOutput("takes part in leader election", Duration.ofSeconds(90));
          String idB = find(IDENTITY, b);
          URI metricsA = URI.create(find(METRICS, a));
          URI metricsB = URI.create(find(METRICS, b));
          // the standby is ready (nothing to sync) and says it does not lead
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> master(metricsB) == 0.0 && master(metricsA) == 1.0);
          assertThat(GitopsFixture.get(URI.create(find(PROBES, b)).resolve("/readyz")).statusCode())
              .isEqualTo(200);

          fx.createSourceAndKustomization("apps", "./deploy");
          await().atMost(Duration.ofSeconds(60)).until(() -> applied(fx, "apps", r1));
          assertThat(b.output()).doesNotContain("controllers running");

          // without --leader-elect beside a held Lease: refused, nothing started
          try (FlotillaProcess c = controller("c", kubeconfig, false)) {
            assertThat(c.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
            assertThat(c.output())
                .contains("will not start reconciling")
                .contains("is held by " + idA)
                .contains("--leader-elect")
                .doesNotContain("controllers running");
          }

          Instant killed = Instant.now();
          ProcessHandle.of(a.pid()).orElseThrow().destroyForcibly();
          ProcessHandle.of(a.pid()).ifPresent(p -> p.onExit().join());
          // while nobody leads: a new revision, a new Kustomization and a reconcile request
          String r2 = fx.commit("2");
          fx.createKustomization("more", "./extra");
          String token = "requested-" + killed.toEpochMilli();
          ReconcileRequest.send(
              fx.client()
                  .resources(GitRepository.class)
                  .inNamespace(GitopsFixture.NS)
                  .withName("repo"),
              token);

          b.awaitOutput("controllers running", Duration.ofSeconds(30));
          Duration handover = Duration.between(killed, Instant.now());
          assertThat(handover).isLessThan(Duration.ofSeconds(30));
          assertThat(holder(fx)).isEqualTo(idB);
          assertThat(master(metricsB)).isEqualTo(1.0);

          await().atMost(Duration.ofSeconds(60)).until(() -> applied(fx, "apps", r2));
          await().atMost(Duration.ofSeconds(60)).until(() -> applied(fx, "more", r2));
          assertThat(
                  fx.client().configMaps().inNamespace("default").withName("app").get().getData())
              .containsEntry("v", "2");
          assertThat(
                  fx.client()
                      .resources(GitRepository.class)
                      .inNamespace(GitopsFixture.NS)
                      .withName("repo")
                      .get()
                      .getStatus()
                      .lastHandledReconcileAt())
              .isEqualTo(token);

          // each revision stored once, each change applied once: by exactly one replica
          assertThat(fx.events("GitRepository", "repo", "NewArtifact", "'v1'")).hasSize(1);
          assertThat(fx.events("GitRepository", "repo", "NewArtifact", "'v2'")).hasSize(1);
          assertThat(fx.events("Kustomization", "apps", "Progressing", "ConfigMap/default/app"))
              .hasSize(2)
              .anySatisfy(e -> assertThat(e.getMessage()).contains("created"))
              .anySatisfy(e -> assertThat(e.getMessage()).contains("configured"));

          // a clean stop releases the Lease at once, for the next replica
          // SIGTERM: the shutdown hook stops the controllers, then releases; the JVM exits 143
          assertThat(b.stop(Duration.ofSeconds(60))).isIn(0, 143);
          assertThat(holder(fx)).isNullOrEmpty();
        }
      }
    }
  }

  private FlotillaProcess controller(String name, Path kubeconfig, boolean elect)
      throws java.io.IOException {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "controller",
                "--kubeconfig",
                kubeconfig.toString(),
                "--data-dir",
                dir.resolve(name).toString(),
                "--artifact-port",
                "0",
                "--multi-tenancy-enforce",
                "false",
                "--metrics-addr",
                "127.0.0.1:0",
                "--health-addr",
                "127.0.0.1:0",
                "--leader-election-namespace",
                GitopsFixture.NS));
    if (elect) {
      args.add("--leader-elect");
    }
    return FlotillaProcess.start(dir.resolve("run-" + name), args.toArray(String[]::new));
  }

  private static String find(Pattern p, FlotillaProcess process) {
    Matcher m = p.matcher(process.output());
    if (!m.find()) {
      throw new AssertionError("no " + p + " in:\n" + process.output());
    }
    return m.group(1);
  }

  private static String holder(GitopsFixture fx) {
    Lease l = fx.client().leases().inNamespace(GitopsFixture.NS).withName(LEASE).get();
    return l == null ? null : l.getSpec().getHolderIdentity();
  }

  private static double master(URI metrics) {
    PrometheusText scrape = GitopsFixture.scrape(metrics);
    return scrape.samples("leader_election_master_status").stream()
        .filter(s -> s.labels().equals(Map.of("name", LEASE)))
        .findFirst()
        .orElseThrow()
        .value();
  }

  private static boolean applied(GitopsFixture fx, String name, String revision) {
    Kustomization ks =
        fx.client()
            .resources(Kustomization.class)
            .inNamespace(GitopsFixture.NS)
            .withName(name)
            .get();
    return ks != null
        && ks.getStatus() != null
        && ks.getStatus().lastAppliedRevision() != null
        && ks.getStatus().lastAppliedRevision().endsWith(revision)
        && ks.getStatus().conditions().stream()
            .anyMatch(c -> c.type().equals("Ready") && c.status().equals("True"));
  }
}
