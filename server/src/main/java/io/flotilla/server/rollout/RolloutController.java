package io.flotilla.server.rollout;

import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.assignment.AssignmentController;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * HTTP for {@code …/fluxConfigurationAssignments/{assignment}/rollouts} (see docs/assignments.md):
 * PUT creates, GET shows the state, POST {@code pause|resume|abort|rollback} acts.
 */
public final class RolloutController {
  private final RolloutService service;

  public RolloutController(RolloutService service) {
    this.service = service;
  }

  /** A configuration rollout's collection at either scope. */
  static final List<String> CONFIGURATION_ROLLOUTS =
      List.of(
          "/subscriptions/{sub}/providers/Microsoft.KubernetesConfiguration/fluxConfigurationRollouts",
          "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KubernetesConfiguration"
              + "/fluxConfigurationRollouts");

  public void routes(Javalin app) {
    for (String base : CONFIGURATION_ROLLOUTS) {
      app.get(
          base,
          ctx -> ctx.json(new ResourceList<>(service.listConfiguration(named(ctx, "")), null)));
      app.get(base + "/{name}", ctx -> ctx.json(service.getConfiguration(named(ctx))));
      app.put(
          base + "/{name}",
          ctx -> {
            var node = RequestBodies.object(ctx, AssignmentController.TOP_LEVEL);
            var result =
                service.putConfiguration(
                    named(ctx), node.get("properties"), ArmRequests.actor(ctx));
            ctx.status(201).json(result.resource());
          });
      app.post(
          base + "/{name}/{action}",
          ctx ->
              ctx.json(service.actConfiguration(named(ctx), action(ctx), ArmRequests.actor(ctx))));
    }
    for (String assignments : AssignmentController.COLLECTIONS) {
      String base = assignments + "/{assignment}/rollouts";
      app.get(base, this::list);
      app.get(base + "/{name}", this::get);
      app.put(base + "/{name}", this::put);
      app.post(base + "/{name}/{action}", this::act);
    }
  }

  private static RolloutService.ConfigurationRolloutName named(Context ctx) {
    return named(ctx, ctx.pathParam("name"));
  }

  private static RolloutService.ConfigurationRolloutName named(Context ctx, String name) {
    return new RolloutService.ConfigurationRolloutName(
        ctx.pathParam("sub"), ctx.pathParamMap().get("rg"), name);
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
    ctx.json(
        service.act(assignment(ctx), ctx.pathParam("name"), action(ctx), ArmRequests.actor(ctx)));
  }

  private static RolloutService.Action action(Context ctx) {
    try {
      return RolloutService.Action.valueOf(ctx.pathParam("action"));
    } catch (IllegalArgumentException e) {
      throw new ArmException(
          404,
          "InvalidResourceType",
          "A rollout has the actions pause, resume, abort and rollback; '"
              + ctx.pathParam("action")
              + "' is not one of them.");
    }
  }
}
