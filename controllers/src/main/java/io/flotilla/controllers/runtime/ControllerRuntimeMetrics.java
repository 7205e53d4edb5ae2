package io.flotilla.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * controller-runtime's controller and work-queue metrics, fed by JOSDK's hooks, so that Flux's
 * dashboards read Flotilla's controllers as they read Flux's: {@code
 * controller_runtime_reconcile_total{controller,result}}, {@code
 * controller_runtime_reconcile_errors_total}, {@code controller_runtime_reconcile_time_seconds},
 * {@code controller_runtime_max_concurrent_reconciles}, {@code controller_runtime_active_workers}
 * and {@code workqueue_depth{name,controller}}. A controller's name is its JOSDK name ({@code
 * kustomization}, {@code gitrepository}…), as controller-runtime names Flux's by kind.
 *
 * <p>A reconcile counts as {@code error} when it ends in an exception or with {@code Ready=False}
 * (Flux's reconcilers return an error then), except while waiting for a dependency, which Flux
 * requeues without one; otherwise {@code requeue_after} when it asked to run again, else {@code
 * success}. The queue is JOSDK's: reconciles handed to a controller's executor and not yet begun.
 */
public final class ControllerRuntimeMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] RESULTS = {"success", "error", "requeue", "requeue_after"};
  // controller-runtime's reconcile-time buckets (since v0.15, finer than Prometheus' defaults)
  static final double[] TIME_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
    1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50,
    60
  };
  private final MeterRegistry registry;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  // the controller whose reconcile this executor thread runs, between started and finished
  private final ThreadLocal<Queue> running = new ThreadLocal<>();

  public ControllerRuntimeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** JOSDK's hooks for one operator, whose controllers each run {@code workers} reconciles. */
  public Metrics forOperator(int workers) {
    return new Hooks(workers);
  }

  private static final class Queue {
    final AtomicInteger depth = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger workers = new AtomicInteger();
    // when each running reconcile began (System.nanoTime), by the executor thread running it
    final Map<Thread, Long> started = new ConcurrentHashMap<>();

    double longestRunningSeconds() {
      long now = System.nanoTime();
      return started.values().stream().mapToLong(t -> now - t).max().orElse(0) / 1e9;
    }
  }

  private Queue queue(String controller) {
    return queues.computeIfAbsent(controller, c -> new Queue());
  }

  private static String controller(Map<String, Object> metadata) {
    Object name = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    return name == null ? "unknown" : name.toString();
  }

  private void registered(String name, int workers) {
    Queue q = queue(name);
    q.workers.set(workers);
    Gauge.builder("workqueue_depth", q, x -> x.depth.get())
        .description("Current depth of workqueue")
        .tags("name", name, "controller", name)
        .register(registry);
    Gauge.builder("workqueue_longest_running_processor_seconds", q, Queue::longestRunningSeconds)
        .description(
            "How many seconds has the longest running processor for workqueue been running.")
        .tags("name", name, "controller", name)
        .register(registry);
    adds(name);
    Gauge.builder("controller_runtime_max_concurrent_reconciles", q, x -> x.workers.get())
        .description("Maximum number of concurrent reconciles per controller")
        .tag("controller", name)
        .register(registry);
    Gauge.builder("controller_runtime_active_workers", q, x -> x.active.get())
        .description("Number of currently used workers per controller")
        .tag("controller", name)
        .register(registry);
    // as controller-runtime, every result starts at zero so that rates have a base
    for (String result : RESULTS) {
      total(name, result);
    }
    errors(name);
    for (String zero : new String[] {"terminal_reconcile_errors", "reconcile_panics"}) {
      // JOSDK has neither terminal errors nor panics; the series exist, at zero, for dashboards
      Counter.builder("controller_runtime_" + zero)
          .description(
              zero.startsWith("terminal")
                  ? "Total number of terminal reconciliation errors per controller"
                  : "Total number of reconciliation panics per controller")
          .tag("controller", name)
          .register(registry);
    }
  }

  private Counter adds(String controller) {
    return Counter.builder("workqueue_adds")
        .description("Total number of adds handled by workqueue")
        .tags("name", controller, "controller", controller)
        .register(registry);
  }

  private Counter total(String controller, String result) {
    return Counter.builder("controller_runtime_reconcile")
        .description("Total number of reconciliations per controller")
        .tags("controller", controller, "result", result)
        .register(registry);
  }

  private Counter errors(String controller) {
    return Counter.builder("controller_runtime_reconcile_errors")
        .description("Total number of reconciliation errors per controller")
        .tag("controller", controller)
        .register(registry);
  }

  private void record(String controller, String result, long nanos) {
    DistributionSummary.builder("controller_runtime_reconcile_time")
        .description("Length of time per reconciliation per controller")
        .baseUnit("seconds")
        .tag("controller", controller)
        .serviceLevelObjectives(TIME_BUCKETS)
        .register(registry)
        .record(nanos / 1e9);
    total(controller, result).increment();
    if (result.equals("error")) {
      errors(controller).increment();
    }
  }

  /** The controller-runtime result of a reconcile that returned {@code control}. */
  static String result(Object control) {
    if (!(control instanceof UpdateControl<?> update)) {
      return "success";
    }
    JsonNode ready =
        update.getResource().map(ControllerRuntimeMetrics::readyCondition).orElse(null);
    if (ready != null
        && ready.path("status").asText().equals("False")
        && !ready.path("reason").asText().equals("DependencyNotReady")) {
      return "error";
    }
    return update.getScheduleDelay().isPresent() ? "requeue_after" : "success";
  }

  private static JsonNode readyCondition(HasMetadata resource) {
    if (!(resource instanceof CustomResource<?, ?> cr) || cr.getStatus() == null) {
      return null;
    }
    for (JsonNode c : JSON.valueToTree(cr.getStatus()).path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c;
      }
    }
    return null;
  }

  private final class Hooks implements Metrics {
    private final int workers;

    Hooks(int workers) {
      this.workers = workers;
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
      registered(controller.getConfiguration().getName(), workers);
    }

    @Override
    public void reconcileCustomResource(
        HasMetadata resource, RetryInfo retry, Map<String, Object> metadata) {
      String name = controller(metadata);
      queue(name).depth.incrementAndGet();
      adds(name).increment();
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
      Queue q = queue(controller(metadata));
      q.depth.decrementAndGet();
      q.active.incrementAndGet();
      q.started.put(Thread.currentThread(), System.nanoTime());
      running.set(q);
    }

    @Override
    public void reconciliationExecutionFinished(
        HasMetadata resource, Map<String, Object> metadata) {
      Queue q = running.get();
      if (q != null) {
        q.active.decrementAndGet();
        q.started.remove(Thread.currentThread());
        running.remove();
      } else {
        // JOSDK skipped the run (the object went away meanwhile): it leaves the queue unstarted
        queue(controller(metadata)).depth.decrementAndGet();
      }
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
      long start = System.nanoTime();
      T result;
      try {
        result = execution.execute();
      } catch (Exception e) {
        record(execution.controllerName(), "error", System.nanoTime() - start);
        throw e;
      }
      record(execution.controllerName(), result(result), System.nanoTime() - start);
      return result;
    }
  }
}
