package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.function.Function;

/**
 * Stands in for a Flux controller in the CLI's tests: when an object carries a reconcile request it
 * has not handled, writes the status {@code outcome} gives (with {@code lastHandledReconcileAt} and
 * {@code observedGeneration} set as the controller would). An outcome of null leaves the request
 * unhandled, as a controller that is down would.
 */
final class FakeController implements AutoCloseable {
  private final Watch watch;

  private FakeController(Watch watch) {
    this.watch = watch;
  }

  static FakeController start(
      FluxCluster cluster,
      FluxKind kind,
      String namespace,
      Function<GenericKubernetesResource, String> outcome) {
    var op = cluster.client().genericKubernetesResources(kind.context()).inNamespace(namespace);
    Watch watch =
        op.watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource r) {
                if (action == Action.DELETED || action == Action.BOOKMARK) {
                  return;
                }
                String requested =
                    r.getMetadata().getAnnotations() == null
                        ? null
                        : r.getMetadata().getAnnotations().get(Reconciler.REQUESTED_AT);
                Object status = r.getAdditionalProperties().get("status");
                Object handled =
                    status instanceof Map<?, ?> m ? m.get("lastHandledReconcileAt") : null;
                Object observed =
                    status instanceof Map<?, ?> m ? m.get("observedGeneration") : null;
                boolean newGeneration =
                    observed == null
                        || ((Number) observed).longValue() != r.getMetadata().getGeneration();
                if ((requested == null || requested.equals(handled)) && !newGeneration) {
                  return;
                }
                String yaml = outcome.apply(r);
                if (yaml == null) {
                  return;
                }
                cluster.status(
                    kind,
                    r.getMetadata().getNamespace(),
                    r.getMetadata().getName(),
                    yaml
                        + (requested == null
                            ? ""
                            : "\nlastHandledReconcileAt: \"" + requested + "\"")
                        + "\nobservedGeneration: "
                        + r.getMetadata().getGeneration()
                        + "\n");
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
    return new FakeController(watch);
  }

  @Override
  public void close() {
    watch.close();
  }
}
