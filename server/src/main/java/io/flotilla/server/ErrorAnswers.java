package io.flotilla.server;

import io.flotilla.api.arm.ErrorResponse;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.store.DatabaseTimeouts;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every failure is answered: ARM's error JSON, a database outage as a retryable 503 (the write
 * was not applied), anything unexpected as a 500 with an error id that the log carries too.
 */
final class ErrorAnswers {
  // The service's own logger, so that log settings and readers keep matching these lines.
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationServer.class);

  private ErrorAnswers() {}

  static void register(Javalin app) {
    app.exception(ArmException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String code =
              switch (e.getStatus()) {
                case 404 -> "NotFound";
                case 405 -> "MethodNotAllowed";
                case 413 -> "RequestEntityTooLarge";
                default -> "BadRequest";
              };
          String message =
              e.getStatus() == 404
                  ? "The requested path '" + ctx.path() + "' does not exist."
                  : e.getMessage();
          ctx.status(e.getStatus()).json(ErrorResponse.of(code, message));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          var unavailable = DatabaseTimeouts.unavailable(e);
          if (unavailable.isPresent()) {
            // Retryable, and the write was not applied: its transaction never committed.
            LOG.warn(
                "Request {} {} failed: database unavailable ({})",
                ctx.method(),
                ctx.path(),
                unavailable.get());
            ctx.header("Retry-After", "5");
            ctx.status(503)
                .json(
                    ErrorResponse.of(
                        "ServiceUnavailable",
                        "The configuration service cannot use its database ("
                            + unavailable.get()
                            + "), so the request was not applied. Retry in a few seconds."));
            return;
          }
          String id = UUID.randomUUID().toString();
          LOG.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
          ctx.status(500)
              .json(
                  ErrorResponse.of(
                      "InternalServerError",
                      "The service failed to process the request; the service log has details"
                          + " under error id "
                          + id
                          + "."));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            ctx.json(
                ErrorResponse.of(
                    "NotFound", "The requested path '" + ctx.path() + "' does not exist."));
          }
        });
  }
}
