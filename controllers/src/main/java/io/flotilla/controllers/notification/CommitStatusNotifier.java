package io.flotilla.controllers.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.flotilla.api.flux.notification.Alert;
import io.flotilla.api.flux.notification.Provider;
import io.flotilla.controllers.runtime.CelEnv;
import io.flotilla.controllers.runtime.FluxEvent;
import java.util.Map;

/**
 * The commit-status providers ({@code github}, {@code gitlab}, {@code gitea}, {@code bitbucket},
 * {@code bitbucketserver}, {@code azuredevops}): the event's revision gets a status whose id is
 * {@code kind/name/<provider uid>} or what {@code spec.commitStatusExpr} makes of the event, the
 * Provider and the Alert; success for info and failure for error events, the reason as description;
 * each server's listing is read first and a status it already shows is not written.
 */
final class CommitStatusNotifier implements Notifier {
  static final Map<String, dev.cel.common.types.CelType> EXPR_VARIABLES =
      Map.of(
          "event", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "provider", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "alert", MapType.create(SimpleType.STRING, SimpleType.DYN));

  private final ProviderConfig p;
  private final Forge forge;
  private final CelRuntime.Program expr;

  CommitStatusNotifier(ProviderConfig p) throws DeliveryException {
    this.p = p;
    this.forge = Forge.of(p);
    String e = p.commitStatusExpr();
    if (e == null || e.isBlank()) {
      this.expr = null;
    } else {
      try {
        this.expr = CelEnv.compile(e, EXPR_VARIABLES, SimpleType.STRING);
      } catch (CelEnv.InvalidExpression ex) {
        throw DeliveryException.permanent(ex.getMessage());
      }
    }
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    write(e, CommitStatus.id(p.uid(), e));
  }

  @Override
  public void deliver(FluxEvent e, Alert alert, Provider provider) throws DeliveryException {
    write(e, expr == null ? CommitStatus.id(p.uid(), e) : evaluate(e, alert, provider));
  }

  private String evaluate(FluxEvent e, Alert alert, Provider provider) throws DeliveryException {
    Object value;
    try {
      value =
          expr.eval(
              Map.of(
                  "event", CelEnv.value(Http.JSON.convertValue(e, Map.class)),
                  "provider", CelEnv.value(Http.JSON.convertValue(provider, Map.class)),
                  "alert", CelEnv.value(Http.JSON.convertValue(alert, Map.class))));
    } catch (CelEvaluationException ex) {
      throw DeliveryException.permanent(
          "failed to evaluate the CEL expression '"
              + p.commitStatusExpr()
              + "': "
              + ex.getMessage());
    }
    if (!(value instanceof String s) || s.isEmpty()) {
      throw DeliveryException.permanent(
          "commitStatusExpr '" + p.commitStatusExpr() + "' did not evaluate to a non-empty string");
    }
    return s;
  }

  private void write(FluxEvent e, String id) throws DeliveryException {
    String state = forge.state(e);
    if (state == null) {
      return;
    }
    String sha = CommitStatus.commit(e);
    var status =
        new Forge.Status(sha, id, state, CommitStatus.description(e), CommitStatus.name(e));
    String listed = Http.getOrNull(p, forge.listUrl(sha, id), forge.headers());
    if (listed != null) {
      try {
        if (forge.duplicate(Http.JSON.readTree(listed), status)) {
          return;
        }
      } catch (JsonProcessingException ex) {
        // an unreadable listing: write the status, as a duplicate costs less than a lost one
      }
    }
    Http.postJson(p, forge.createUrl(sha), forge.body(status), forge.headers());
  }
}
