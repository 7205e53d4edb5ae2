package io.flotilla.controllers.gitrepository;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.ReconcileRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The GitRepositories in namespace default of one IT's cluster: made, asked to reconcile, read. */
final class GitRepositories {
  static final String NS = "default";
  private final RunningControllers cluster;

  GitRepositories(RunningControllers cluster) {
    this.cluster = cluster;
  }

  GitRepository create(String name, GitRepositorySpec spec) {
    GitRepository g = new GitRepository();
    g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    g.setSpec(spec);
    return cluster.client().resource(g).create();
  }

  GitRepository get(String name) {
    return cluster.get(GitRepository.class, name);
  }

  Optional<Condition> condition(String name, String type) {
    return RunningControllers.sourceCondition(get(name), type);
  }

  /** Waits until {@code name} has a condition of {@code type} that passes {@code check}. */
  void awaitCondition(String name, String type, Consumer<Condition> check) {
    await()
        .atMost(RunningControllers.CONVERGE)
        .ignoreExceptions()
        .untilAsserted(() -> check.accept(condition(name, type).orElseThrow()));
  }

  /** As {@code flux reconcile source git}: a new {@code token} asks for a reconcile now. */
  void requestReconcile(String name, String token) {
    cluster
        .client()
        .resources(GitRepository.class)
        .inNamespace(NS)
        .withName(name)
        .patch(ReconcileRequest.MERGE, ReconcileRequest.patch(token));
  }

  /** The events about {@code name}. */
  List<Event> events(String name) {
    return cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
