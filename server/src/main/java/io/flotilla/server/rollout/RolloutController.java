package io.flotilla.server.rollout;

import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.assignment.AssignmentController;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * HTTP for {@code …/fluxConfigurationAssignments/{assignment}/rollouts} (see docs/assignments.md):
 * PUT creates, GET shows the state, POST {@code pause|resume|abort|rollback} acts.
 */
public final class RolloutController {
  private final RolloutService service;

  public RolloutController(RolloutService service) {
    this.service = service;
  }

  public void routes(Javalin app) {
    for (String assignments : AssignmentController.COLLECTIONS) {
      String base = assignments + "/{assignment}/rollouts";
      app.get(base, this::list);
      app.get(base + "/{name}", this::get);
      app.put(base + "/{name}", this::put);
      app.post(base + "/{name}/{action}", this::act);
    }
  }

  private static RolloutService.AssignmentName assignment(Context ctx) {
    return new RolloutService.AssignmentName(
        ctx.pathParam("sub"), ctx.pathParamMap().get("rg"), ctx.pathParam("assignment"));
  }

  void put(Context ctx) {
    var node = RequestBodies.object(ctx, AssignmentController.TOP_LEVEL);
    var result =
        service.put(
            assignment(ctx), ctx.pathParam("name"), node.get("properties"), ArmRequests.actor(ctx));
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  void get(Context ctx) {
    ctx.json(service.get(assignment(ctx), ctx.pathParam("name")));
  }

  void list(Context ctx) {
    ctx.json(new ResourceList<>(service.list(assignment(ctx)), null));
  }

  void act(Context ctx) {
    RolloutService.Action action;
    try {
      action = RolloutService.Action.valueOf(ctx.pathParam("action"));
    } catch (IllegalArgumentException e) {
      throw new ArmException(
          404,
          "InvalidResourceType",
          "A rollout has the actions pause, resume, abort and rollback; '"
              + ctx.pathParam("action")
              + "' is not one of them.");
    }
    ctx.json(service.act(assignment(ctx), ctx.pathParam("name"), action, ArmRequests.actor(ctx)));
  }
}
