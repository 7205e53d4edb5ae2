package io.flotilla.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.http.Json;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.ChildState;
import io.flotilla.server.store.ConfigurationRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A wave's write: the rollout's patch over the configuration as the wave finds it. */
class RebaseTest {
  static final String CREATED =
      """
      {"scope":"cluster","namespace":"default","sourceKind":"GitRepository","suspend":false,
       "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo","repositoryRef":{"tag":"v1"}},
       "kustomizations":{"apps":{"path":"./clusters/c4"}}}
      """;
  static final String PATCH = "{\"gitRepository\":{\"repositoryRef\":{\"tag\":\"v2\"}}}";

  static ConfigurationRow now(String desired) {
    Instant t = Instant.parse("2026-12-07T08:05:00Z");
    return new ConfigurationRow(
        "c4",
        "app",
        desired,
        null,
        null,
        new ChildState(7, "Succeeded", null, new Authorship(t, "alice", t, "bob")));
  }

  static String edited(String from, String to) {
    return CREATED.replace(from, to);
  }

  static Rebase.Write write(String desired) {
    Rebase.Outcome o = Rebase.of(CREATED, "target-at-creation", now(desired), Json.tree(PATCH));
    assertThat(o).isInstanceOf(Rebase.Write.class);
    return (Rebase.Write) o;
  }

  @Test
  void anUnchangedConfigurationGetsTheRevisionsOfTheRolloutsCreation() {
    assertThat(write(CREATED)).isEqualTo(new Rebase.Write(CREATED, "target-at-creation", null));
  }

  @Test
  void aChangeOfAFieldThePatchDoesNotNameIsKeptAndReported() {
    String desired = edited("./clusters/c4", "./hotfix/c4");
    Rebase.Write w = write(desired);
    assertThat(w.base()).isEqualTo(desired);
    assertThat(Json.tree(w.target()).at("/gitRepository/repositoryRef/tag").asText())
        .isEqualTo("v2");
    assertThat(Json.tree(w.target()).at("/kustomizations/apps/path").asText())
        .isEqualTo("./hotfix/c4");
    assertThat(w.rebased())
        .startsWith(
            "Configuration 'app' was changed after this rollout was created"
                + " (kustomizations.apps.path; last by bob at 2026-12-07T08:05:00Z): ")
        .doesNotContain("The patch sets");
  }

  @Test
  void aChangeOfAFieldThePatchSetsGetsThePatchsValueAndIsReported() {
    Rebase.Write w = write(edited("\"tag\":\"v1\"", "\"tag\":\"v1-hotfix\""));
    assertThat(Json.tree(w.target()).at("/gitRepository/repositoryRef/tag").asText())
        .isEqualTo("v2");
    assertThat(w.rebased())
        .contains("(gitRepository.repositoryRef.tag; last by bob")
        .endsWith(
            " The patch sets gitRepository.repositoryRef.tag too: there the patch's value"
                + " replaced the change.");
  }

  @Test
  void aChangeThePatchMakesInvalidIsRefusedSayingWhy() {
    String desired =
        edited(
            "\"apps\":{\"path\":\"./clusters/c4\"}",
            "\"apps\":{\"path\":\"./clusters/c4\",\"dependsOn\":[\"infra\"]},"
                + "\"infra\":{\"path\":\"./infra\"}");
    Rebase.Outcome o =
        Rebase.of(
            CREATED,
            "target-at-creation",
            now(desired),
            Json.tree("{\"kustomizations\":{\"infra\":null}}"));
    assertThat(o).isInstanceOf(Rebase.Refuse.class);
    assertThat(((Rebase.Refuse) o).why())
        .startsWith(
            "Configuration 'app' was changed after this rollout was created"
                + " (kustomizations.apps.dependsOn, kustomizations.infra; last by bob")
        .contains(" and the patch makes it invalid: ")
        .endsWith(" The wave left it as it is.");
  }
}
