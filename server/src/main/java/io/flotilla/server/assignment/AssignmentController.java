package io.flotilla.server.assignment;

import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * HTTP for {@code Microsoft.KubernetesConfiguration/fluxConfigurationAssignments} at a
 * subscription's or a resource group's scope (see docs/assignments.md).
 */
public final class AssignmentController {
  static final String TYPE_PATH =
      "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationAssignments";

  /** The top-level members an ARM PUT body of an assignment (or of its rollouts) may have. */
  public static final Set<String> TOP_LEVEL =
      Set.of("id", "name", "type", "systemData", "properties");

  /**
   * The assignments collection at either scope, a subscription's or a resource group's ({@code
   * {sub}}, {@code {rg}}): the base of the assignments' own paths and their sub-resources'.
   */
  public static final List<String> COLLECTIONS =
      List.of(
          "/subscriptions/{sub}" + TYPE_PATH,
          "/subscriptions/{sub}/resourceGroups/{rg}" + TYPE_PATH);

  private final AssignmentService service;

  public AssignmentController(AssignmentService service) {
    this.service = service;
  }

  public void routes(Javalin app) {
    for (String base : COLLECTIONS) {
      app.get(base, this::list);
      app.get(base + "/{name}", this::get);
      app.put(base + "/{name}", this::put);
      app.delete(base + "/{name}", this::delete);
    }
  }

  private static AssignmentScope scope(Context ctx) {
    return new AssignmentScope(ctx.pathParam("sub"), ctx.pathParamMap().get("rg"));
  }

  void put(Context ctx) {
    var node = RequestBodies.object(ctx, TOP_LEVEL);
    var result =
        service.put(
            scope(ctx),
            ctx.pathParam("name"),
            node.get("properties"),
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ctx.header("ETag", result.etag());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  void get(Context ctx) {
    var tagged = service.get(scope(ctx), ctx.pathParam("name"));
    ctx.header("ETag", tagged.etag());
    ctx.json(tagged.resource());
  }

  void list(Context ctx) {
    ctx.json(new ResourceList<>(service.list(scope(ctx)), null));
  }

  void delete(Context ctx) {
    boolean keep = "true".equalsIgnoreCase(ctx.queryParam("keepConfigurations"));
    boolean deleted =
        service.delete(
            scope(ctx), ctx.pathParam("name"), keep, ArmRequests.actor(ctx), Preconditions.of(ctx));
    ctx.status(deleted ? 200 : 204);
  }
}
