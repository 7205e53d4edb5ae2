package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ErrorResponse;
import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.lifecycle.ChildResourceController;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** HTTP for {@code Microsoft.KubernetesConfiguration/extensions}. */
public final class ExtensionController extends ChildResourceController<ExtensionService> {
  static final Set<String> TOP_LEVEL =
      // az sends the cluster's location with identity for Arc clusters; ARM accepts it.
      Set.of("id", "name", "type", "systemData", "identity", "plan", "location", "properties");

  public ExtensionController(ExtensionService service) {
    super(ExtensionService.RESOURCE_TYPE, service);
  }

  @Override
  protected void put(Context ctx) {
    var body = RequestBodies.object(ctx, TOP_LEVEL);
    var t = target(ctx);
    var result = service.put(t.ref(), t.name(), body, t.actor(), t.preconditions());
    putAnswer(ctx, result.resource().get("id").asText(), result);
  }

  /** patchExtension: 202 with the LRO headers, or 200 when the patch changes nothing. */
  @Override
  protected void patch(Context ctx) {
    ObjectNode props = patchProperties(ctx);
    var t = target(ctx);
    var result = service.patch(t.ref(), t.name(), props, t.actor(), t.preconditions());
    ctx.header("ETag", result.etag());
    if (result.changed()) {
      ArmRequests.asyncHeaders(ctx, result.resource().get("id").asText(), result.operationId());
      ctx.status(202);
    }
    ctx.json(result.resource());
  }

  @Override
  protected void get(Context ctx) {
    var tagged = service.getTagged(ArmRequests.clusterRef(ctx), ctx.pathParam("name"));
    Preconditions.answerGet(ctx, tagged.etag(), tagged.resource());
  }

  @Override
  protected void list(Context ctx) {
    ctx.json(new ResourceList<>(service.list(ArmRequests.clusterRef(ctx)), null));
  }

  @Override
  protected String id(ClusterRef ref, String name) {
    return ExtensionService.extensionId(ref, name);
  }

  @Override
  protected void operation(Context ctx) {
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
