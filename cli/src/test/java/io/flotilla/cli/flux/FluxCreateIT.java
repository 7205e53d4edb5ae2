package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code flotilla flux create …}: {@code --export} with no cluster at all, and applying against the
 * embedded API with a stand-in controller; flux's words, exit codes and the objects written.
 */
class FluxCreateIT extends FluxClusterIT {
  static final String SHA = "696f056df216eea4f9401adbee0ff744d4df390f";
  static final Path EXPORTS = resource("export");

  /**
   * Each file under {@code export/} is one case: its first line the command a user types with no
   * cluster at all, the rest exactly what flux prints for it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exports")
  void exportNeedsNoCluster(String file) throws IOException {
    List<String> lines = Files.readAllLines(EXPORTS.resolve(file));
    String command = lines.getFirst().substring("# ".length());
    var exported = offline(arguments(command));
    assertPrints(exported, String.join("\n", lines.subList(1, lines.size())) + "\n");
    assertThat(exported.exitCode()).isZero();
  }

  /** Words up to the first flag, then one argument per flag: a flag's value may hold spaces. */
  private static String[] arguments(String command) {
    int flags = command.indexOf(" --");
    var args = new ArrayList<>(List.of(command.substring(0, flags).split(" ")));
    for (String flag : command.substring(flags + 1).split(" (?=--)")) {
      args.add(flag);
    }
    return args.toArray(String[]::new);
  }

  static Stream<String> exports() throws IOException {
    try (var files = Files.list(EXPORTS)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void createAppliesAndWaitsForTheController() {
    cluster.namespace("apps");
    try (var git =
            FakeController.start(
                cluster,
                FluxKind.GIT_REPOSITORY,
                "apps",
                r ->
                    """
                    artifact: {revision: "master@sha1:%s", path: p, url: http://x/p, digest: "sha256:0", lastUpdateTime: "2026-01-01T00:00:00Z"}
                    conditions:
                    - {type: Ready, status: "True", reason: Succeeded, message: stored, lastTransitionTime: "2026-01-01T00:00:00Z"}
                    """
                        .formatted(SHA));
        var ks =
            FakeController.start(
                cluster,
                FluxKind.KUSTOMIZATION,
                "apps",
                r ->
                    """
                    lastAppliedRevision: "master@sha1:%s"
                    conditions:
                    - {type: Ready, status: "True", reason: ReconciliationSucceeded, message: applied, lastTransitionTime: "2026-01-01T00:00:00Z"}
                    """
                        .formatted(SHA))) {
      var source =
          flux(
              "create source git podinfo -n apps --url=https://github.com/stefanprodan/podinfo --branch=master");
      assertThat(source.err())
          .isEqualTo(
              creating(
                  "GitRepository source",
                  """
              ✔ GitRepository source reconciliation completed
              ✔ fetched revision: master@sha1:%s
              """
                      .formatted(SHA)));
      assertThat(source.exitCode()).isZero();

      var created =
          flux("create ks podinfo -n apps --source=podinfo --path=kustomize --prune=true");
      assertThat(created.err())
          .isEqualTo(
              creating(
                  "Kustomization",
                  """
              ✔ Kustomization podinfo is ready
              ✔ applied revision master@sha1:%s
              """
                      .formatted(SHA)));
      assertThat(spec(FluxKind.KUSTOMIZATION, "apps", "podinfo"))
          .containsEntry("path", "./kustomize")
          .containsEntry("prune", true)
          .containsEntry("interval", "1m0s")
          .containsEntry("sourceRef", Map.of("kind", "GitRepository", "name", "podinfo"));

      var updated =
          flux("create ks podinfo -n apps --source=podinfo --path=./deploy --interval=5m");
      assertThat(updated.err()).contains("✔ Kustomization updated\n");
      assertThat(updated.exitCode()).isZero();
      assertThat(spec(FluxKind.KUSTOMIZATION, "apps", "podinfo"))
          .containsEntry("path", "./deploy")
          .containsEntry("prune", false)
          .containsEntry("interval", "5m0s");
    }
  }

  @Test
  void aCreateTheControllerRefusesFailsWithItsMessage() {
    cluster.namespace("refused");
    try (var hr =
        FakeController.start(
            cluster,
            FluxKind.HELM_RELEASE,
            "refused",
            r ->
                """
                conditions:
                - {type: Ready, status: "False", reason: ArtifactFailed, message: "HelmChart 'refused/refused-podinfo' is not ready: invalid chart reference: invalid version/constraint format '>>1': improper constraint: >>1", lastTransitionTime: "2026-01-01T00:00:00Z"}
                """)) {
      var r =
          flux(
              "create hr podinfo -n refused --source=HelmRepository/podinfo --chart=podinfo"
                  + " --chart-version=>>1");
      assertFails(
          r,
          creating(
              "HelmRelease",
              """
              ✗ HelmChart 'refused/refused-podinfo' is not ready: invalid chart reference: invalid version/constraint format '>>1': improper constraint: >>1
              """));
    }
  }

  @Test
  void aCreateNobodyReconcilesEndsAtTheTimeout() {
    cluster.namespace("idle");
    var r =
        flux(
            "create source helm bitnami -n idle --url=https://charts.bitnami.com/bitnami --timeout=2s");
    assertFails(
        r,
        creating(
            "HelmRepository source",
            """
            ✗ context deadline exceeded
            """));
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsWritten() {
    String[][] cases = {
      {
        "✗ invalid argument \"1x\" for \"--interval\" flag: time: unknown unit \"x\" in"
            + " duration \"1x\"",
        "flux create source git podinfo --url=https://github.com/x/y --branch=main --interval=1x"
      },
      {"✗ name is required", "flux create source git --url=https://github.com/x/y --branch=main"},
      {
        "✗ name 'Pod_info' is invalid, it should adhere to standard defined in RFC 1123, the name"
            + " can only contain alphanumeric characters or '-'",
        "flux create ks Pod_info --source=podinfo"
      },
      {"✗ url is required", "flux create source git podinfo --branch=main"},
      {
        "✗ git URL scheme 'ftp' not supported, can be: ssh, http and https",
        "flux create source git podinfo --url=ftp://x/y --branch=main"
      },
      {
        "✗ a Git ref is required, use one of the following: --branch, --tag, --commit,"
            + " --ref-name or --tag-semver",
        "flux create source git podinfo --url=https://github.com/x/y"
      },
      {
        "✗ specifying a CA file is not supported for Git over SSH",
        "flux create source git podinfo --url=ssh://git@github.com/x/y --branch=main"
            + " --ca-file=ca.crt"
      },
      {"✗ source is required", "flux create ks podinfo --path=./deploy"},
      {
        "✗ invalid argument \"HelmRepository/podinfo\" for \"--source\" flag: source kind"
            + " 'HelmRepository' is not supported, must be one of: OCIRepository, GitRepository,"
            + " Bucket",
        "flux create ks podinfo --source=HelmRepository/podinfo"
      },
      {
        "✗ chart name or path is required", "flux create hr podinfo --source=HelmRepository/podinfo"
      },
      {"✗ source is required", "flux create hr podinfo --chart=podinfo"},
      {
        "✗ invalid argument \"podinfo\" for \"--source\" flag: invalid helm chart source"
            + " 'podinfo', must be in format <kind>/<name>",
        "flux create hr podinfo --source=podinfo --chart=podinfo"
      },
      {
        "✚ generating HelmRelease\n✗ 'Latest' is an invalid reconcile strategy(valid: Revision,"
            + " ChartVersion)",
        "flux create hr podinfo --source=HelmRepository/podinfo --chart=podinfo"
            + " --reconcile-strategy=Latest"
      },
      {"✗ --username is required", "flux create secret oci auth --url=ghcr.io"},
      {
        "✗ invalid label format 'team', must be key=value",
        "flux create source helm podinfo --url=https://x --label=team"
      },
    };
    for (String[] c : cases) {
      var r = offline(c[1].split(" "));
      assertThat(r.err()).as(c[1]).isEqualTo(c[0] + "\n");
      assertThat(r.exitCode()).as(c[1]).isEqualTo(1);
      assertThat(r.out()).as(c[1]).isEmpty();
    }
    var unreachable =
        cluster.runWith(
            Map.of("KUBECONFIG", dir.resolve("nowhere").toString()),
            "",
            "flux",
            "create",
            "source",
            "git",
            "podinfo",
            "--url=https://github.com/x/y",
            "--branch=main");
    assertThat(unreachable.err())
        .isEqualTo(
            "✚ generating GitRepository source\n✗ stat "
                + dir.resolve("nowhere")
                + ": no such file or directory\n");
  }

  private static Path resource(String name) {
    try {
      return Path.of(FluxCreateIT.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
