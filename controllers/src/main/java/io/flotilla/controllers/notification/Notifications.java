package io.flotilla.controllers.notification;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.flux.notification.Alert;
import io.flotilla.api.flux.notification.Provider;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.Triggers;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notification-controller in process: Alerts route the controllers' events ({@link #sink()}) to
 * Providers. Flux's controllers post their events over HTTP to notification-controller; here one
 * process runs them all, so events arrive by a method call, with Flux's event shape and rate limit.
 */
public final class Notifications implements AutoCloseable {
  static final String CONTROLLER = "notification-controller";
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
  private final SharedIndexInformer<Alert> alerts;
  private final SharedIndexInformer<Provider> providers;
  private final Deliveries deliveries;
  private final EventDispatcher dispatcher;
  private final Operator receiverController;
  private final SharedIndexInformer<Receiver> receivers;
  private final ReceiverServer receiverServer;

  private Notifications(
      SharedIndexInformer<Alert> alerts,
      SharedIndexInformer<Provider> providers,
      Deliveries deliveries,
      EventDispatcher dispatcher,
      Operator receiverController,
      SharedIndexInformer<Receiver> receivers,
      ReceiverServer receiverServer) {
    this.alerts = alerts;
    this.providers = providers;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.receiverController = receiverController;
    this.receivers = receivers;
    this.receiverServer = receiverServer;
  }

  /** Starts routing; {@code noCrossNamespaceRefs} refuses Alert sources in other namespaces. */
  public static Notifications start(
      KubernetesClient client,
      NotificationOptions options,
      boolean noCrossNamespaceRefs,
      Clock clock) {
    SharedIndexInformer<Alert> alerts = client.resources(Alert.class).inAnyNamespace().inform();
    SharedIndexInformer<Provider> providers =
        client.resources(Provider.class).inAnyNamespace().inform();
    EventRecorder recorder = new EventRecorder(client, CONTROLLER, clock);
    Deliveries deliveries =
        new Deliveries(
            options,
            new ProviderResolver(client),
            (alert, provider, event, error) -> {
              LOG.error(
                  "failed to send notification for {}/{}/{} to provider {}/{}: {}",
                  event.involvedObject().kind(),
                  event.involvedObject().namespace(),
                  event.involvedObject().name(),
                  provider.getMetadata().getNamespace(),
                  provider.getMetadata().getName(),
                  error);
              recorder.warning(
                  alert,
                  "NotificationFailed",
                  "failed to send notification to provider '"
                      + provider.getMetadata().getName()
                      + "': "
                      + error);
            },
            clock);
    EventDispatcher dispatcher =
        new EventDispatcher(
            client,
            alerts.getStore(),
            providers.getStore(),
            new RateLimiter(options.rateLimit(), clock),
            deliveries,
            noCrossNamespaceRefs,
            options.queueCapacity());
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .checkingCRDAndValidateLocalModel(false));
    operator.register(
        new ReceiverReconciler(clock),
        c ->
            c.withName("receiver")
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<Receiver>specOrRequest()));
    operator.start();
    SharedIndexInformer<Receiver> receivers = null;
    ReceiverServer server = null;
    if (options.receiverPort() >= 0) {
      receivers = client.resources(Receiver.class).inAnyNamespace().inform();
      server =
          ReceiverServer.start(
              options.receiverHost(),
              options.receiverPort(),
              client,
              receivers.getStore(),
              new ReconcileRequests(client, noCrossNamespaceRefs, clock),
              new OidcReceivers(new OidcTokens(clock), options.googleCerts()));
      LOG.info("notification receiver listening on {}", server.baseUrl());
    }
    return new Notifications(
        alerts, providers, deliveries, dispatcher, operator, receivers, server);
  }

  /** Where the controllers' event recorders publish. */
  public EventSink sink() {
    return dispatcher;
  }

  /** The receiver endpoint's base URL ({@code http://host:port}), null when not served. */
  public String receiverBaseUrl() {
    return receiverServer == null ? null : receiverServer.baseUrl();
  }

  /**
   * Whether the Alert and its Provider have reached this controller's caches (tests wait on it).
   */
  boolean knows(String namespace, String alert, String provider) {
    return alerts.getStore().getByKey(namespace + "/" + alert) != null
        && providers.getStore().getByKey(namespace + "/" + provider) != null;
  }

  /** Deliveries made so far (the benchmark reads it). */
  public long delivered() {
    return deliveries.delivered();
  }

  @Override
  public void close() {
    if (receiverServer != null) {
      receiverServer.close();
      receivers.close();
    }
    receiverController.stop();
    dispatcher.close();
    deliveries.close();
    alerts.close();
    providers.close();
  }
}
