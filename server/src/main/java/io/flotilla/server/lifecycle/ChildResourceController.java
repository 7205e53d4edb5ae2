package io.flotilla.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * HTTP for one type of cluster child resource: its routes under the cluster's extension-resource
 * prefix, the DELETE answer (200, 202 with the LRO headers, or 204) and what PUT, PATCH and GET
 * answer alike. The subclass reads and answers its own bodies.
 */
public abstract class ChildResourceController {
  private final String collection;

  protected ChildResourceController(String collection) {
    this.collection = collection;
  }

  public final void routes(Javalin app, String prefix) {
    String base = prefix + "/" + collection;
    app.get(base, this::list);
    app.get(base + "/{name}", this::get);
    app.put(base + "/{name}", this::put);
    app.patch(base + "/{name}", this::patch);
    app.delete(base + "/{name}", this::delete);
    app.get(base + "/{name}/operations/{operationId}", this::operation);
  }

  protected abstract void list(Context ctx);

  protected abstract void get(Context ctx);

  protected abstract void put(Context ctx);

  protected abstract void patch(Context ctx);

  protected abstract void operation(Context ctx);

  /** The service's DELETE of resource {@code name} on cluster {@code ref}. */
  protected abstract ResourceLifecycle.DeleteResult delete(
      ClusterRef ref, String name, boolean force, String actor, Preconditions preconditions);

  /** The resource's ARM id. */
  protected abstract String id(ClusterRef ref, String name);

  /** The resource's name in the path. */
  protected String name(Context ctx) {
    return ctx.pathParam("name");
  }

  private void delete(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    boolean force = "true".equalsIgnoreCase(ctx.queryParam("forceDelete"));
    String name = name(ctx);
    var result = delete(ref, name, force, ArmRequests.actor(ctx), Preconditions.of(ctx));
    switch (result.outcome()) {
      case ABSENT -> ctx.status(204);
      case DELETED -> ctx.status(200);
      case DELETING -> {
        ArmRequests.asyncHeaders(ctx, id(ref, name), result.operationId());
        ctx.status(202);
      }
    }
  }

  /** A PATCH body's {@code properties}, the only field it may have. */
  protected static ObjectNode patchProperties(Context ctx) {
    var node = RequestBodies.object(ctx, Set.of("properties"));
    JsonNode props = node.get("properties");
    if (props == null || !props.isObject()) {
      throw ArmException.invalidProperty(
          "properties", "A PATCH body is {\"properties\":{…}} with the fields to change.");
    }
    return (ObjectNode) props;
  }

  /** A stored PUT: 201 or 200 with the resource, its ETag and the operation's LRO headers. */
  protected static void putAnswer(
      Context ctx, boolean created, String id, String operationId, String etag, Object resource) {
    ArmRequests.asyncHeaders(ctx, id, operationId);
    ctx.header("ETag", etag);
    ctx.status(created ? 201 : 200).json(resource);
  }
}
