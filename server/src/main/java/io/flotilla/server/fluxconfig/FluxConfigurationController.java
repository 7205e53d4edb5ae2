package io.flotilla.server.fluxconfig;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** HTTP for {@code Microsoft.KubernetesConfiguration/fluxConfigurations}. */
public final class FluxConfigurationController {
  static final Set<String> TOP_LEVEL = Set.of("id", "name", "type", "systemData", "properties");

  private final FluxConfigurationService service;

  public FluxConfigurationController(FluxConfigurationService service) {
    this.service = service;
  }

  public void routes(Javalin app, String prefix) {
    String base = prefix + "/fluxConfigurations";
    app.get(base, this::list);
    app.get(base + "/{name}", this::get);
    app.put(base + "/{name}", this::put);
    app.patch(base + "/{name}", this::patch);
    app.delete(base + "/{name}", this::delete);
    app.get(base + "/{name}/operations/{operationId}", this::operation);
  }

  void put(Context ctx) {
    var node = RequestBodies.object(ctx, TOP_LEVEL);
    KnownProperties.check(node.get("properties"), FluxConfigurationProperties.class, "properties");
    FluxConfiguration body = RequestBodies.convert(node, FluxConfiguration.class);
    var result =
        service.put(
            ArmRequests.clusterRef(ctx),
            ctx.pathParam("name"),
            body,
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ArmRequests.asyncHeaders(ctx, result.resource().id(), result.operationId());
    ctx.header("ETag", result.etag());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  void patch(Context ctx) {
    var node = RequestBodies.object(ctx, Set.of("properties"));
    JsonNode props = node.get("properties");
    if (props == null || !props.isObject()) {
      throw ArmException.invalidProperty(
          "properties", "A PATCH body is {\"properties\":{…}} with the fields to change.");
    }
    KnownProperties.check(props, FluxConfigurationProperties.class, "properties");
    var result =
        service.patch(
            ArmRequests.clusterRef(ctx),
            ctx.pathParam("name"),
            (ObjectNode) props,
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ArmRequests.asyncHeaders(ctx, result.resource().id(), result.operationId());
    ctx.header("ETag", result.etag());
    ctx.status(202).json(result.resource());
  }

  void get(Context ctx) {
    var tagged = service.getTagged(ArmRequests.clusterRef(ctx), name(ctx));
    ctx.header("ETag", tagged.etag());
    if (Preconditions.of(ctx).notModified(tagged.etag())) {
      ctx.status(304);
      return;
    }
    ctx.json(tagged.resource());
  }

  /** Names are lowercase by rule; ARM matches names case-insensitively, so reads fold case. */
  private static String name(Context ctx) {
    return ctx.pathParam("name").toLowerCase(java.util.Locale.ROOT);
  }

  void list(Context ctx) {
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

  void delete(Context ctx) {
    boolean force = "true".equalsIgnoreCase(ctx.queryParam("forceDelete"));
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    String name = name(ctx);
    var result = service.delete(ref, name, force, ArmRequests.actor(ctx), Preconditions.of(ctx));
    switch (result.outcome()) {
      case ABSENT -> ctx.status(204);
      case DELETED -> ctx.status(200);
      case DELETING -> {
        ArmRequests.asyncHeaders(ctx, ref.fluxConfigurationId(name), result.operationId());
        ctx.status(202);
      }
    }
  }

  void operation(Context ctx) {
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
