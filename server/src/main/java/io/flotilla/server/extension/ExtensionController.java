package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ErrorResponse;
import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** HTTP for {@code Microsoft.KubernetesConfiguration/extensions}. */
public final class ExtensionController {
  static final Set<String> TOP_LEVEL =
      // az sends the cluster's location with identity for Arc clusters; ARM accepts it.
      Set.of("id", "name", "type", "systemData", "identity", "plan", "location", "properties");

  private final ExtensionService service;

  public ExtensionController(ExtensionService service) {
    this.service = service;
  }

  public void routes(Javalin app, String prefix) {
    String base = prefix + "/extensions";
    app.get(base, this::list);
    app.get(base + "/{name}", this::get);
    app.put(base + "/{name}", this::put);
    app.patch(base + "/{name}", this::patch);
    app.delete(base + "/{name}", this::delete);
    app.get(base + "/{name}/operations/{operationId}", this::operation);
  }

  void put(Context ctx) {
    var body = RequestBodies.object(ctx, TOP_LEVEL);
    var result =
        service.put(
            ArmRequests.clusterRef(ctx),
            ctx.pathParam("name"),
            body,
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ArmRequests.asyncHeaders(ctx, result.resource().get("id").asText(), result.operationId());
    ctx.header("ETag", result.etag());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  /** patchExtension: 202 with the LRO headers, or 200 when the patch changes nothing. */
  void patch(Context ctx) {
    var node = RequestBodies.object(ctx, Set.of("properties"));
    JsonNode props = node.get("properties");
    if (props == null || !props.isObject()) {
      throw ArmException.invalidProperty(
          "properties", "A PATCH body is {\"properties\":{…}} with the fields to change.");
    }
    var result =
        service.patch(
            ArmRequests.clusterRef(ctx),
            ctx.pathParam("name"),
            (ObjectNode) props,
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ctx.header("ETag", result.etag());
    if (result.changed()) {
      ArmRequests.asyncHeaders(ctx, result.resource().get("id").asText(), result.operationId());
      ctx.status(202);
    }
    ctx.json(result.resource());
  }

  void get(Context ctx) {
    var tagged = service.getTagged(ArmRequests.clusterRef(ctx), ctx.pathParam("name"));
    ctx.header("ETag", tagged.etag());
    if (Preconditions.of(ctx).notModified(tagged.etag())) {
      ctx.status(304);
      return;
    }
    ctx.json(tagged.resource());
  }

  void list(Context ctx) {
    ctx.json(new ResourceList<>(service.list(ArmRequests.clusterRef(ctx)), null));
  }

  void delete(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    boolean force = "true".equalsIgnoreCase(ctx.queryParam("forceDelete"));
    String name = ctx.pathParam("name");
    var result = service.delete(ref, name, force, ArmRequests.actor(ctx), Preconditions.of(ctx));
    switch (result.outcome()) {
      case ABSENT -> ctx.status(204);
      case DELETED -> ctx.status(200);
      case DELETING -> {
        ArmRequests.asyncHeaders(
            ctx, ExtensionService.extensionId(ref, name), result.operationId());
        ctx.status(202);
      }
    }
  }

  void operation(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    String name = ctx.pathParam("name");
    var op = service.operation(ref, name, ctx.pathParam("operationId"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", ExtensionService.extensionId(ref, name) + "/operations/" + op.id());
    body.put("name", op.id());
    body.put("status", op.status());
    if (op.error() != null) {
      body.put("error", ErrorResponse.of("ExtensionOperationFailed", op.error()).error());
    }
    ctx.json(body);
  }
}
