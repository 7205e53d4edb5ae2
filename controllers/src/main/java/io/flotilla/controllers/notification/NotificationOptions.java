package io.flotilla.controllers.notification;

import java.time.Duration;

/**
 * How notification-controller runs: the receiver endpoint binds {@code receiverHost:receiverPort}
 * (0 = any free port, -1 = not served); the same event within {@code rateLimit} is sent once
 * (Flux's {@code --rate-limit-interval}); a failed delivery is retried {@code retries} times,
 * waiting {@code retryWait} doubled each time up to 30 s (Flux's retrying HTTP client); {@code
 * queueCapacity} bounds events waiting for alert matching and deliveries in flight, beyond which
 * new ones are dropped (and counted in the log) rather than grow the heap; {@code googleCerts} is
 * the key set a {@code gcr} Receiver checks Google's ID tokens with.
 */
public record NotificationOptions(
    String receiverHost,
    int receiverPort,
    Duration rateLimit,
    int retries,
    Duration retryWait,
    int queueCapacity,
    int perProviderConcurrency,
    String googleCerts) {

  /** Flux's receiver port. */
  public static final int RECEIVER_PORT = 9292;

  public static NotificationOptions defaults() {
    return new NotificationOptions(
        "127.0.0.1",
        -1,
        Duration.ofMinutes(5),
        4,
        Duration.ofSeconds(2),
        20_000,
        8,
        OidcReceivers.GOOGLE_CERTS);
  }

  public NotificationOptions withReceiver(String host, int port) {
    return new NotificationOptions(
        host,
        port,
        rateLimit,
        retries,
        retryWait,
        queueCapacity,
        perProviderConcurrency,
        googleCerts);
  }

  public NotificationOptions withRetries(int n, Duration wait) {
    return new NotificationOptions(
        receiverHost,
        receiverPort,
        rateLimit,
        n,
        wait,
        queueCapacity,
        perProviderConcurrency,
        googleCerts);
  }

  /** Where Google's ID-token keys are published (a {@code gcr} Receiver's callers); for tests. */
  public NotificationOptions withGoogleCerts(String url) {
    return new NotificationOptions(
        receiverHost,
        receiverPort,
        rateLimit,
        retries,
        retryWait,
        queueCapacity,
        perProviderConcurrency,
        url);
  }

  public NotificationOptions withRateLimit(Duration d) {
    return new NotificationOptions(
        receiverHost,
        receiverPort,
        d,
        retries,
        retryWait,
        queueCapacity,
        perProviderConcurrency,
        googleCerts);
  }
}
