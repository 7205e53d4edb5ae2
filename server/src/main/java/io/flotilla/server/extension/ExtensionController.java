package io.flotilla.server.extension;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmRequests;
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
    app.delete(base + "/{name}", this::delete);
    app.get(base + "/{name}/operations/{operationId}", this::operation);
  }

  void put(Context ctx) {
    var body = RequestBodies.object(ctx, TOP_LEVEL);
    var result =
        service.put(
            ArmRequests.clusterRef(ctx), ctx.pathParam("name"), body, ArmRequests.actor(ctx));
    ArmRequests.asyncHeaders(ctx, result.resource().get("id").asText(), result.operationId());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  void get(Context ctx) {
    ctx.json(service.get(ArmRequests.clusterRef(ctx), ctx.pathParam("name")));
  }

  void list(Context ctx) {
    ctx.json(new ResourceList<>(service.list(ArmRequests.clusterRef(ctx)), null));
  }

  void delete(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    ctx.status(service.delete(ref, ctx.pathParam("name"), ArmRequests.actor(ctx)) ? 200 : 204);
  }

  void operation(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    String name = ctx.pathParam("name");
    var op = service.operation(ref, name, ctx.pathParam("operationId"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", ExtensionService.extensionId(ref, name) + "/operations/" + op.id());
    body.put("name", op.id());
    body.put("status", op.status());
    ctx.json(body);
  }
}
