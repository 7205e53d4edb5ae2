package io.flotilla.controllers.image;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.Triggers;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * image-reflector-controller (ImageRepository, ImagePolicy) and image-automation-controller
 * (ImageUpdateAutomation), each registered on an operator of its own so that the {@code
 * microsoft.flux} extension's {@code image-*-controller.enabled} settings start and stop them. The
 * scanned tags outlive a restart of the reflector's operator.
 */
public final class ImageControllers {
  public static final String REFLECTOR = "image-reflector-controller";
  public static final String AUTOMATION = "image-automation-controller";
  private final TagStore tags = new TagStore();
  private final KubernetesClient client;
  private final Path work;
  private final Clock clock;
  private final EventSink sink;
  private final String watchLabelSelector;
  private final Map<String, String> env;

  /**
   * @param work where the automation clones repositories (a folder per run, removed after it)
   * @param sink where events also go (notification-controller), may be null
   * @param env the controller's environment ({@code AZURE_*} for {@code provider: azure})
   */
  public ImageControllers(
      KubernetesClient client,
      Path work,
      Clock clock,
      EventSink sink,
      String watchLabelSelector,
      Map<String, String> env) {
    this.client = client;
    this.work = work;
    this.clock = clock;
    this.sink = sink;
    this.watchLabelSelector = watchLabelSelector;
    this.env = env;
  }

  /** Registers ImageRepository and ImagePolicy on {@code operator} (not yet started). */
  public void registerReflector(Operator operator) {
    Reflector reflector = new Reflector(tags, recorder(REFLECTOR), clock, env);
    register(operator, "imagerepository", new ImageRepositoryReconciler(reflector));
    register(operator, "imagepolicy", new ImagePolicyReconciler(reflector));
  }

  /** Registers ImageUpdateAutomation on {@code operator} (not yet started). */
  public void registerAutomation(Operator operator) {
    register(
        operator,
        "imageupdateautomation",
        new ImageUpdateAutomationReconciler(recorder(AUTOMATION), work, clock));
  }

  /** Runs on spec changes and reconcile requests, of the watched objects only. */
  private <R extends HasMetadata> void register(
      Operator operator, String name, Reconciler<R> reconciler) {
    operator.register(
        reconciler,
        c ->
            c.withName(name)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<R>specOrRequest())
                .withLabelSelector(watchLabelSelector));
  }

  private EventRecorder recorder(String controller) {
    return sink == null
        ? new EventRecorder(client, controller, clock)
        : new EventRecorder(client, controller, clock, sink);
  }
}
