package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.cli.CliRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code flotilla flux create|get|suspend|resume|reconcile|export|delete image …}: the objects
 * applied to the embedded API with flux's messages (a fake controller reports Ready), flux's
 * tables, and flux's refusals ({@code --export} YAML: {@link FluxCreateIT}).
 */
class FluxImageIT extends FluxClusterIT {
  @Test
  void createAppliesTheKindsAndGetPrintsFluxsTables() {
    cluster.namespace("images");
    try (var repos =
            FakeController.start(
                cluster,
                FluxKind.IMAGE_REPOSITORY,
                "images",
                r ->
                    ready("successful scan: found 3 tags")
                        + "lastScanResult: {tagCount: 3, scanTime: \"2026-01-02T03:04:05Z\"}\n");
        var policies =
            FakeController.start(
                cluster,
                FluxKind.IMAGE_POLICY,
                "images",
                r ->
                    ready("Latest image tag for podinfo resolved to 6.5.0")
                        + "latestRef: {name: ghcr.io/stefanprodan/podinfo, tag: 6.5.0}\n");
        var updates =
            FakeController.start(
                cluster, FluxKind.IMAGE_UPDATE, "images", r -> ready("repository up-to-date"))) {
      var repo =
          flux("create image repository podinfo -n images --image=ghcr.io/stefanprodan/podinfo");
      assertThat(repo.err())
          .isEqualTo(
              creating(
                  "ImageRepository",
                  """
              ✔ ImageRepository reconciliation completed
              """));
      assertThat(repo.exitCode()).isZero();
      assertThat(spec(FluxKind.IMAGE_REPOSITORY, "images", "podinfo"))
          .containsEntry("image", "ghcr.io/stefanprodan/podinfo")
          .containsEntry("interval", "1m0s");

      var policy =
          flux("create image policy podinfo -n images --image-ref=podinfo --select-semver=>=6.0.0");
      assertThat(policy.err()).endsWith("✔ ImagePolicy reconciliation completed\n");
      assertThat(policy.exitCode()).isZero();
      assertThat(spec(FluxKind.IMAGE_POLICY, "images", "podinfo"))
          .containsEntry("policy", Map.of("semver", Map.of("range", ">=6.0.0")));

      var update =
          flux(
              "create image update apps -n images --git-repo-ref=apps --checkout-branch=main"
                  + " --author-name=flux --author-email=flux@example.com");
      assertThat(update.err()).endsWith("✔ ImageUpdateAutomation reconciliation completed\n");
      assertThat(update.exitCode()).isZero();

      assertThat(cluster.run("flux", "get", "images", "repository", "-n", "images").out())
          .isEqualTo(
              "NAME   \tLAST SCAN           \tSUSPENDED\tREADY\tMESSAGE                       \n"
                  + "podinfo\t2026-01-02T03:04:05Z\tFalse    \tTrue \tsuccessful scan: found 3 tags\t\n");
      assertThat(cluster.run("flux", "get", "image", "policy", "-n", "images").out())
          .isEqualTo(
              "NAME   \tLATEST IMAGE                      \tREADY\tMESSAGE                                        \n"
                  + "podinfo\tghcr.io/stefanprodan/podinfo:6.5.0\tTrue \tLatest image tag for podinfo resolved to 6.5.0\t\n");
      assertThat(cluster.run("flux", "get", "images", "update", "-n", "images").out())
          .isEqualTo(
              "NAME\tLAST RUN\tSUSPENDED\tREADY\tMESSAGE               \n"
                  + "apps\t        \tFalse    \tTrue \trepository up-to-date\t\n");
      assertThat(cluster.run("flux", "get", "images", "all", "-n", "images").out())
          .isEqualTo(
              "NAME                   \tLAST SCAN           \tSUSPENDED\tREADY\tMESSAGE                       \n"
                  + "imagerepository/podinfo\t2026-01-02T03:04:05Z\tFalse    \tTrue \tsuccessful scan: found 3 tags\t\n"
                  + "\n"
                  + "NAME               \tLATEST IMAGE                      \tREADY\tMESSAGE                                        \n"
                  + "imagepolicy/podinfo\tghcr.io/stefanprodan/podinfo:6.5.0\tTrue \tLatest image tag for podinfo resolved to 6.5.0\t\n"
                  + "\n"
                  + "NAME                      \tLAST RUN\tSUSPENDED\tREADY\tMESSAGE               \n"
                  + "imageupdateautomation/apps\t        \tFalse    \tTrue \trepository up-to-date\t\n"
                  + "\n");

      assertThat(cluster.run("flux", "get", "all", "-n", "images").out())
          .as("flux's get all lists the image kinds after the sources")
          .contains(
              "imagerepository/podinfo\t", "imagepolicy/podinfo\t", "imageupdateautomation/apps\t");

      var reconciled =
          cluster.run("flux", "reconcile", "image", "repository", "podinfo", "-n", "images");
      assertThat(reconciled.err())
          .isEqualTo(
              """
              ► annotating ImageRepository podinfo in images namespace
              ✔ ImageRepository annotated
              ◎ waiting for ImageRepository reconciliation
              ✔ scan fetched 3 tags
              """);
      var suspended = cluster.run("flux", "suspend", "image", "update", "apps", "-n", "images");
      assertThat(suspended.err())
          .isEqualTo(
              """
              ► suspending image update automation apps in images namespace
              ✔ image update automation suspended
              """);
      assertThat(spec(FluxKind.IMAGE_UPDATE, "images", "apps")).containsEntry("suspend", true);
      var resumed = cluster.run("flux", "resume", "image", "update", "apps", "-n", "images");
      assertThat(resumed.err()).endsWith("✔ repository up-to-date\n");
      assertThat(resumed.exitCode()).isZero();
    }
    assertThat(cluster.run("flux", "export", "image", "policy", "podinfo", "-n", "images").out())
        .contains("kind: ImagePolicy", "range: '>=6.0.0'");
    var deleted =
        cluster.run("flux", "delete", "image", "policy", "podinfo", "-n", "images", "--silent");
    assertThat(deleted.exitCode()).isZero();
    assertThat(cluster.get(FluxKind.IMAGE_POLICY, "images", "podinfo")).isNull();
  }

  /** {@code flux create image <kind> <name> -n refused <flags…>}. */
  private static CliRunner.Result createRefused(String kind, String name, String... flags) {
    List<String> args = new ArrayList<>(List.of("flux", "create", "image", kind, name));
    args.addAll(List.of("-n", "refused"));
    args.addAll(List.of(flags));
    return cluster.run(args.toArray(String[]::new));
  }

  @Test
  void badInputIsRefusedWithFluxsWordsAndNothingIsWritten() {
    cluster.namespace("refused");
    var noImage = createRefused("repository", "rr");
    assertThat(noImage.err()).contains("an image repository (--image) is required");
    assertThat(noImage.exitCode()).isEqualTo(1);
    assertThat(createRefused("repository", "rr", "--image=ghcr.io/Org/App").err())
        .contains(
            "unable to parse image value: repository can only contain the characters"
                + " `abcdefghijklmnopqrstuvwxyz0123456789_-./`: Org/App");
    var two =
        createRefused(
            "policy", "pp", "--image-ref=rr", "--select-semver=1.x", "--select-alpha=asc");
    assertThat(two.err())
        .contains(
            "only one of --select-semver, --select-alpha or --select-numeric can be specified");
    assertThat(two.exitCode()).isEqualTo(1);
    assertThat(createRefused("policy", "pp", "--image-ref=rr").err())
        .contains("a policy must be provided with either --select-semver or --select-alpha");
    assertThat(createRefused("policy", "pp", "--image-ref=rr", "--select-numeric=up").err())
        .contains("--select-numeric must be one of [\"asc\", \"desc\"]");
    assertThat(
            createRefused(
                    "policy",
                    "pp",
                    "--image-ref=rr",
                    "--select-alpha=asc",
                    "--filter-regex=^(?P<v>.*)$",
                    "--filter-extract=$ts")
                .err())
        .contains("capture group $ts used in --filter-extract not found in --filter-regex");
    assertThat(
            createRefused(
                    "update",
                    "uu",
                    "--git-repo-ref=apps",
                    "--checkout-branch=main",
                    "--author-name=flux")
                .err())
        .contains("the author email is required (--author-email)");
    assertThat(cluster.get(FluxKind.IMAGE_REPOSITORY, "refused", "rr")).isNull();
    assertThat(cluster.get(FluxKind.IMAGE_POLICY, "refused", "pp")).isNull();
    assertThat(cluster.get(FluxKind.IMAGE_UPDATE, "refused", "uu")).isNull();
  }
}
