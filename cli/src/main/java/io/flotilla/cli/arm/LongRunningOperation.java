package io.flotilla.cli.arm;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.output.Terminal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Waits for an ARM long-running operation the way az's poller does: follow {@code
 * Azure-AsyncOperation} until its status is terminal (or, without one, the resource's {@code
 * provisioningState}), then GET the resource. Shows a spinner on stderr only on a terminal.
 */
public final class LongRunningOperation {
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(5);
  private static final Duration MIN_INTERVAL = Duration.ofMillis(50);
  static final Duration MAX_WAIT = Duration.ofMinutes(30);

  private final ArmClient client;
  private final Progress progress;

  public LongRunningOperation(ArmClient client, PrintWriter err) {
    this.client = client;
    this.progress = new Progress(err, Terminal.isTerminal(err));
  }

  /** Waits for a PUT or PATCH to finish and returns the resource as it then is. */
  public JsonNode awaitResource(
      ArmClient.Response initial, String resourcePath, String apiVersion) {
    try {
      var asyncOperation = initial.header("Azure-AsyncOperation");
      if (asyncOperation.isPresent()) {
        pollOperation(asyncOperation.get(), interval(initial), false);
      } else {
        pollResource(initial, resourcePath, apiVersion);
      }
      return client.get(resourcePath, apiVersion).body();
    } finally {
      progress.done();
    }
  }

  /** Waits for a DELETE to finish. */
  public void awaitDelete(ArmClient.Response initial, String resourcePath, String apiVersion) {
    try {
      if (initial.status() != 202) {
        return;
      }
      var asyncOperation = initial.header("Azure-AsyncOperation");
      if (asyncOperation.isPresent()) {
        pollOperation(asyncOperation.get(), interval(initial), true);
        return;
      }
      long deadline = System.nanoTime() + MAX_WAIT.toNanos();
      Duration wait = interval(initial);
      while (true) {
        sleep(wait, deadline);
        try {
          client.get(resourcePath, apiVersion);
        } catch (ArmHttpException e) {
          if (e.status() == 404) return;
          throw e;
        }
      }
    } finally {
      progress.done();
    }
  }

  private void pollOperation(String link, Duration wait, boolean goneMeansDone) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (true) {
      sleep(wait, deadline);
      ArmClient.Response response;
      try {
        response = client.getLink(link);
      } catch (ArmHttpException e) {
        if (goneMeansDone && e.status() == 404) return;
        throw e;
      }
      JsonNode body = response.body();
      String status = body == null ? "" : body.path("status").asText("");
      if (TERMINAL.contains(status.toLowerCase(Locale.ROOT))) {
        if (status.equalsIgnoreCase("succeeded")) return;
        throw failed(body);
      }
      wait = interval(response);
    }
  }

  private void pollResource(ArmClient.Response initial, String resourcePath, String apiVersion) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    JsonNode body = initial.body();
    Duration wait = interval(initial);
    while (true) {
      String state =
          body == null ? "" : body.path("properties").path("provisioningState").asText("");
      if (state.isEmpty() || TERMINAL.contains(state.toLowerCase(Locale.ROOT))) {
        if (state.equalsIgnoreCase("failed") || state.equalsIgnoreCase("canceled")) {
          String message = body.path("properties").path("errorMessage").asText("");
          throw CliException.error(
              "(" + state + ") " + (message.isEmpty() ? "The operation did not succeed" : message));
        }
        return;
      }
      sleep(wait, deadline);
      ArmClient.Response response = client.get(resourcePath, apiVersion);
      body = response.body();
      wait = interval(response);
    }
  }

  private static CliException failed(JsonNode body) {
    JsonNode error = body.get("error");
    if (error != null && error.isObject() && error.hasNonNull("code")) {
      return ArmHttpException.of(200, body);
    }
    return CliException.error(
        "(" + body.path("status").asText("Failed") + ") Operation failed or canceled");
  }

  private static Duration interval(ArmClient.Response response) {
    Duration wait =
        response
            .header("Retry-After")
            .map(
                v -> {
                  try {
                    return Duration.ofSeconds(Long.parseLong(v.strip()));
                  } catch (NumberFormatException e) {
                    return DEFAULT_INTERVAL;
                  }
                })
            .orElse(DEFAULT_INTERVAL);
    if (wait.compareTo(MAX_INTERVAL) > 0) return MAX_INTERVAL;
    if (wait.compareTo(MIN_INTERVAL) < 0) return MIN_INTERVAL;
    return wait;
  }

  private void sleep(Duration wait, long deadline) {
    if (System.nanoTime() > deadline) {
      throw CliException.invalid(
          "Error! The operation did not finish within " + MAX_WAIT.toMinutes() + " minutes",
          "Check its state later with 'flotilla k8s-configuration flux show'");
    }
    progress.tick();
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.error("Keyboard interrupt is captured.");
    }
  }

  /** az's indeterminate progress line (humanfriendly's spinner), only when stderr is a terminal. */
  static final class Progress {
    private static final char[] FRAMES = {'-', '\\', '|', '/'};
    private final PrintWriter err;
    private final boolean enabled;
    private int frame;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    void tick() {
      if (!enabled) return;
      err.print("\r" + FRAMES[frame++ % FRAMES.length] + " Running ..");
      err.flush();
      drawn = true;
    }

    void done() {
      if (!drawn) return;
      err.print("\r" + " ".repeat(20) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
