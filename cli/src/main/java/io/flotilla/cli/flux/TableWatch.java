package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code flux get <kind> --watch}: a row for every change until {@code --timeout}; the header only
 * before the first, each later row padded on its own (flux prints a one-row table per event).
 */
final class TableWatch {
  private final Kube kube;
  private final FluxKind kind;
  private final String namespace;
  private final String name;
  private final Rows rows;
  private final FluxGroup flux;

  TableWatch(Kube kube, FluxKind kind, String namespace, String name, Rows rows, FluxGroup flux) {
    this.kube = kube;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.rows = rows;
    this.flux = flux;
  }

  void run(PrintWriter out) {
    Closing<GenericKubernetesResource> watcher =
        new Closing<>() {
          private boolean first = true;

          @Override
          public synchronized void eventReceived(Action action, GenericKubernetesResource r) {
            if (action == Action.BOOKMARK) {
              return;
            }
            FluxObject o = Kube.object(kind, r);
            if (name != null && !name.equals(o.name())) {
              return;
            }
            try {
              List<List<String>> row = rows.rows(List.of(o), false);
              Table.print(out, first ? rows.header(kind) : List.of(), row);
              first = false;
            } catch (FluxException e) {
              closed.completeExceptionally(e);
            }
          }
        };
    var op = kube.resources(kind);
    boolean closedInTime =
        await(
            flux,
            () ->
                kube.call(
                    () ->
                        namespace == null
                            ? op.inAnyNamespace().watch(watcher)
                            : op.inNamespace(namespace).watch(watcher)),
            watcher.closed);
    if (!closedInTime) {
      throw new FluxException("timed out waiting for the condition");
    }
  }

  /** A watcher whose end, clean or failed, completes {@link #closed}. */
  abstract static class Closing<T> implements Watcher<T> {
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void onClose(WatcherException cause) {
      closed.completeExceptionally(cause);
    }

    @Override
    public void onClose() {
      closed.complete(null);
    }
  }

  /**
   * Runs a watch until it closes (true) or {@code --timeout} passes (false); a watch that fails
   * fails in flux's words.
   */
  static boolean await(FluxGroup flux, Supplier<Watch> start, CompletableFuture<Void> closed) {
    try (Watch w = start.get()) {
      closed.get(flux.timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new FluxException(Failures.message(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FluxException("interrupted");
    }
  }
}
