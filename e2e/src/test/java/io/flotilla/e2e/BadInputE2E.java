package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.flux.source.GitRepository;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user gets for the mistakes the Foundation slice must handle. */
class BadInputE2E {
  @RegisterExtension static final RunningUp up = RunningUp.with(o -> o);

  private static String[] flux(String verb, String cluster, String... rest) {
    return ClusterArgs.flux("local", cluster, verb, rest);
  }

  /** {@code flux create} on cluster local of {@code name} from branch main of {@code url}. */
  private static String[] create(String name, String url, String... more) {
    String[] args = {"-n", name, "-u", url, "--branch", "main"};
    return flux(
        "create", "local", Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new));
  }

  @Test
  void anUnknownClusterIsNamedInTheError() {
    CliRun.Result r = up.cli().run(flux("show", "no-such-cluster", "-n", "x"));
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("no-such-cluster");
  }

  @Test
  void anInvalidNameGetsAzsMessageAndNothingIsCreated() {
    CliRun.Result r = up.cli().run(create("-bad-", "https://example.com/r.git"));
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err())
        .contains("Error! Invalid --name")
        .contains("Parameter --name cannot begin or end with a hyphen.");
    CliRun.Result list = up.cli().run(flux("list", "local"));
    assertThat(list.json()).isEmpty();
  }

  @Test
  void anUnreachableRepositoryIsNonCompliantAndLeavesOthersAlone() {
    up.cli()
        .ok(
            create(
                "good",
                up.flotilla().sampleUrl(),
                // the sample's Helm part lives in the tutorial's namespace
                "--namespace",
                "cluster-config",
                "--kustomization",
                "name=infra",
                "path=./infrastructure",
                "prune=true"));
    up.cli()
        .ok(
            create(
                "broken",
                "http://127.0.0.1:9/nothing.git",
                "--namespace",
                "broken",
                "--kustomization",
                "name=apps",
                "path=./apps/staging",
                "prune=true"));

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode broken = up.cli().run(flux("show", "local", "-n", "broken")).json();
              assertThat(broken.at("/complianceState").asText()).isEqualTo("Non-Compliant");
              JsonNode source = null;
              for (JsonNode s : broken.at("/statuses")) {
                if (s.get("kind").asText().equals("GitRepository")) {
                  source = s;
                }
              }
              assertThat(source).isNotNull();
              assertThat(source.toString())
                  .contains("\"status\":\"False\"")
                  .contains("127.0.0.1:9");
              assertThat(
                      up.cli()
                          .run(flux("show", "local", "-n", "good"))
                          .json()
                          .at("/complianceState")
                          .asText())
                  .isEqualTo("Compliant");
            });
    GitRepository repo =
        up.flotilla()
            .client()
            .resources(GitRepository.class)
            .inNamespace("broken")
            .withName("broken")
            .get();
    assertThat(repo.getStatus().artifact()).as("nothing fetched, nothing applied").isNull();
    assertThat(up.flotilla().client().apps().deployments().inNamespace("podinfo").list().getItems())
        .isEmpty();
  }
}
