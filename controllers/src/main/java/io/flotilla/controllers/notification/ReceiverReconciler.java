package io.flotilla.controllers.notification;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.fabric8.kubernetes.api.model.Secret;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.api.flux.notification.ReceiverSpec;
import io.flotilla.api.flux.notification.ReceiverStatus;
import io.flotilla.controllers.runtime.CelEnv;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Keeps a Receiver's {@code status.webhookPath} and Ready condition: the path from its Secret's
 * {@code token}; Ready=False when the Secret or its token is missing, Stalled when {@code
 * resourceFilter} is not a boolean CEL expression or the type needs what Flotilla lacks.
 */
final class ReceiverReconciler implements Reconciler<Receiver> {
  static final String TOKEN_NOT_FOUND = "TokenNotFound";
  private final Clock clock;

  ReceiverReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<Receiver> reconcile(Receiver receiver, Context<Receiver> ctx) {
    ReceiverSpec spec = receiver.getSpec();
    if (spec == null || spec.suspended()) {
      return UpdateControl.noUpdate();
    }
    ReceiverStatus old = receiver.getStatus();
    long generation = Conditions.generation(receiver);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    String path = old == null ? null : old.webhookPath();
    Duration interval =
        spec.interval() == null ? ReceiverSpec.DEFAULT_INTERVAL : GoDuration.parse(spec.interval());
    Outcome outcome;
    try {
      if (spec.type() == ReceiverSpec.Type.GENERIC_OIDC) {
        OidcReceivers.check(spec.oidcProviders());
      }
      if (spec.resourceFilter() != null && !spec.resourceFilter().isBlank()) {
        CelEnv.compile(spec.resourceFilter(), FILTER_VARIABLES, SimpleType.BOOL);
      }
      String token = token(receiver, ctx);
      path =
          Receiver.webhookPath(
              token, receiver.getMetadata().getName(), receiver.getMetadata().getNamespace());
      outcome = new Outcome.Ready("Receiver initialized for path: " + path, interval);
    } catch (CelEnv.InvalidExpression e) {
      outcome = new Outcome.Stalled(Reasons.INVALID_CEL_EXPRESSION, e.getMessage());
    } catch (TokenMissing e) {
      path = null;
      outcome =
          new Outcome.Retry(
              TOKEN_NOT_FOUND,
              e.getMessage(),
              Duration.ofSeconds(30).compareTo(interval) < 0 ? Duration.ofSeconds(30) : interval);
    }
    switch (outcome) {
      case Outcome.Ready r ->
          conditions
              .markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, r.message())
              .delete(ConditionTypes.STALLED);
      case Outcome.Stalled st ->
          conditions
              .markFalse(ConditionTypes.READY, st.reason(), st.message())
              .markTrue(ConditionTypes.STALLED, st.reason(), st.message());
      default -> conditions.markFalse(ConditionTypes.READY, outcome.reason(), outcome.message());
    }
    Duration next = outcome.next();
    receiver.setStatus(
        new ReceiverStatus(Triggers.requestedAt(receiver), conditions.toList(), path, generation));
    return StatusPatch.write(StatusPatch.of(receiver, Receiver::new), next);
  }

  static final Map<String, dev.cel.common.types.CelType> FILTER_VARIABLES =
      Map.of(
          "res", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "req", MapType.create(SimpleType.STRING, SimpleType.DYN));

  /** The Secret's {@code token}, in Flux's words when it cannot be read. */
  static String token(Receiver receiver, Context<Receiver> ctx) throws TokenMissing {
    if (receiver.getSpec().type() == ReceiverSpec.Type.GENERIC_OIDC) {
      // secret-less: the path comes from the name and namespace alone
      return "";
    }
    String ns = receiver.getMetadata().getNamespace();
    String name =
        receiver.getSpec().secretRef() == null ? null : receiver.getSpec().secretRef().name();
    if (name == null) {
      throw new TokenMissing("spec.secretRef is required for type " + receiver.getSpec().type());
    }
    Secret s = ctx.getClient().secrets().inNamespace(ns).withName(name).get();
    String token = tokenOf(s);
    if (s == null) {
      throw new TokenMissing(
          "unable to read token from secret '" + ns + "/" + name + "': secret not found");
    }
    if (token == null) {
      throw new TokenMissing(
          "invalid '" + ns + "/" + name + "' secret data: required field 'token'");
    }
    return token;
  }

  static String tokenOf(Secret s) {
    return valueOf(s, "token");
  }

  /** A key of a Secret's data (or of its stringData, not yet folded in), or null. */
  static String valueOf(Secret s, String key) {
    if (s == null) {
      return null;
    }
    if (s.getData() != null && s.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    return s.getStringData() == null ? null : s.getStringData().get(key);
  }

  static final class TokenMissing extends Exception {
    TokenMissing(String message) {
      super(message);
    }
  }
}
