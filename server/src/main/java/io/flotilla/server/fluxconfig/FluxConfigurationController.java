package io.flotilla.server.fluxconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ErrorResponse;
import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.KnownProperties;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.lifecycle.ChildResourceController;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** HTTP for {@code Microsoft.KubernetesConfiguration/fluxConfigurations}. */
public final class FluxConfigurationController
    extends ChildResourceController<FluxConfigurationService> {
  static final Set<String> TOP_LEVEL = Set.of("id", "name", "type", "systemData", "properties");

  public FluxConfigurationController(FluxConfigurationService service) {
    super(FluxConfigurationService.RESOURCE_TYPE, service);
  }

  @Override
  protected void put(Context ctx) {
    var node = RequestBodies.object(ctx, TOP_LEVEL);
    KnownProperties.check(node.get("properties"), FluxConfigurationProperties.class, "properties");
    FluxConfiguration body = RequestBodies.convert(node, FluxConfiguration.class);
    var t = target(ctx);
    var result = service.put(t.ref(), t.name(), body, t.actor(), t.preconditions());
    putAnswer(ctx, result.resource().id(), result);
  }

  @Override
  protected void patch(Context ctx) {
    ObjectNode props = patchProperties(ctx);
    KnownProperties.check(props, FluxConfigurationProperties.class, "properties");
    var t = target(ctx);
    var result = service.patch(t.ref(), t.name(), props, t.actor(), t.preconditions());
    ArmRequests.asyncHeaders(ctx, result.resource().id(), result.operationId());
    ctx.header("ETag", result.etag());
    ctx.status(202).json(result.resource());
  }

  @Override
  protected void get(Context ctx) {
    var tagged = service.getTagged(ArmRequests.clusterRef(ctx), name(ctx));
    Preconditions.answerGet(ctx, tagged.etag(), tagged.resource());
  }

  /** Names are lowercase by rule; ARM matches names case-insensitively, so reads fold case. */
  @Override
  protected String name(Context ctx) {
    return ctx.pathParam("name").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  protected void list(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    String after = decodeSkipToken(ctx.queryParam("$skipToken"));
    var page = service.list(ref, after);
    String next = null;
    if (page.more()) {
      next =
          ArmRequests.baseUrl(ctx)
              + ctx.path()
              + "?api-version="
              + URLEncoder.encode(ArmRequests.apiVersion(ctx), StandardCharsets.UTF_8)
              + "&$skipToken="
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(page.lastName().getBytes(StandardCharsets.UTF_8));
    }
    ctx.json(new ResourceList<>(page.items(), next));
  }

  @Override
  protected String id(ClusterRef ref, String name) {
    return ref.fluxConfigurationId(name);
  }

  @Override
  protected void operation(Context ctx) {
    var op =
        service.operation(ArmRequests.clusterRef(ctx), name(ctx), ctx.pathParam("operationId"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", op.id());
    body.put("name", op.name());
    body.put("status", op.status());
    if (op.errorMessage() != null) {
      String code =
          switch (op.status()) {
            case "Canceled" -> "OperationCanceled";
            default -> "ReconciliationFailed";
          };
      body.put("error", ErrorResponse.of(code, op.errorMessage()).error());
    }
    ctx.json(body);
  }

  private static String decodeSkipToken(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ArmException.badRequest(
          "InvalidSkipToken",
          "The $skipToken is invalid. Use the nextLink of the previous page as it is.",
          "$skipToken");
    }
  }
}
