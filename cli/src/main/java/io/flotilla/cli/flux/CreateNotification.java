package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux create alert-provider|alert|receiver}: the notification kinds, with flux's flags,
 * checks, messages and {@code --export} output.
 */
final class CreateNotification {
  private CreateNotification() {}

  /**
   * {@code <kind>/<name>} references (flux's {@code ParseObjectKindName}); with {@code namespaced},
   * {@code <kind>/<name>.<namespace>} ({@code ParseObjectKindNameNamespace}).
   */
  private static ArrayNode refs(List<String> values, boolean namespaced) {
    ArrayNode out = Kube.JSON.createArrayNode();
    for (String value : values) {
      int slash = value.indexOf('/');
      if (slash <= 0) {
        throw new FluxException(
            "invalid event source '" + value + "', must be in format <kind>/<name>");
      }
      ObjectNode ref = out.addObject().put("kind", value.substring(0, slash));
      String name = value.substring(slash + 1);
      int dot = namespaced ? name.indexOf('.') : -1;
      ref.put("name", dot < 0 ? name : name.substring(0, dot));
      if (dot >= 0) {
        ref.put("namespace", name.substring(dot + 1));
      }
    }
    return out;
  }

  /** The labels checked, then flux's "generating" line (not with {@code --export}). */
  private static void generating(Creation c, FluxKind kind) {
    c.create.labels();
    if (!c.create.export) {
      c.log().generate("generating " + kind.kind());
    }
  }

  /** Builds the object's spec, then writes the object or prints it with {@code --export}. */
  private static void create(Creation c, FluxKind kind, Consumer<ObjectNode> spec) {
    generating(c, kind);
    ObjectNode object = c.object(kind);
    spec.accept(object.putObject("spec"));
    write(c, kind, object);
  }

  /** Writes a notification object, or prints it with {@code --export}. */
  private static void write(Creation c, FluxKind kind, ObjectNode object) {
    if (c.create.export) {
      c.export(kind, object);
      return;
    }
    FluxObject ready = c.apply(kind, object);
    if (kind == FluxKind.RECEIVER) {
      c.log().success("generated webhook URL " + ready.status().path("webhookPath").asText(""));
    }
  }

  @Command(
      name = "alert-provider",
      description = "The create alert-provider command generates a Provider resource.")
  static final class Provider extends NamedCreate {
    @Option(names = "--type", description = "type of provider")
    String type;

    @Option(
        names = "--channel",
        description = "channel to send messages to in the case of a chat provider")
    String channel;

    @Option(names = "--username", description = "bot username used by the provider")
    String username;

    @Option(
        names = "--address",
        description = "path to either the git repository, chat provider or webhook")
    String address;

    @Option(names = "--secret-ref", description = "name of secret containing authentication token")
    String secretRef;

    @Override
    void run(Creation c) {
      Specs.require(type, "Provider type is required");
      create(
          c,
          FluxKind.ALERT_PROVIDER,
          spec -> {
            spec.put("type", type);
            Specs.putIf(spec, "channel", channel);
            Specs.putIf(spec, "username", username);
            Specs.putIf(spec, "address", address);
            Specs.putNameRef(spec, "secretRef", secretRef);
          });
    }
  }

  @Command(name = "alert", description = "The create alert command generates a Alert resource.")
  static final class Alert extends NamedCreate {
    @Option(names = "--provider-ref", description = "reference to provider")
    String providerRef;

    @Option(names = "--event-severity", description = "severity of events to send alerts for")
    String eventSeverity;

    @Option(
        names = "--event-source",
        split = ",",
        description =
            "sources that should generate alerts (<kind>/<name>), also accepts comma-separated"
                + " values")
    List<String> eventSources = new ArrayList<>();

    @Override
    void run(Creation c) {
      Specs.require(providerRef, "provider ref is required");
      ArrayNode sources = refs(eventSources, true);
      if (sources.isEmpty()) {
        throw new FluxException("at least one event source is required");
      }
      create(
          c,
          FluxKind.ALERT,
          spec -> {
            spec.putObject("providerRef").put("name", providerRef);
            Specs.putIf(spec, "eventSeverity", eventSeverity);
            spec.set("eventSources", sources);
          });
    }
  }

  @Command(
      name = "receiver",
      description = "The create receiver command generates a Receiver resource.")
  static final class Receiver extends NamedCreate {
    @Option(names = "--type", description = "")
    String type;

    @Option(names = "--secret-ref", description = "")
    String secretRef;

    @Option(names = "--event", split = ",", description = "")
    List<String> events = new ArrayList<>();

    @Option(names = "--resource", split = ",", description = "")
    List<String> resources = new ArrayList<>();

    @Override
    void run(Creation c) {
      Specs.require(type, "Receiver type is required");
      Specs.require(secretRef, "secret ref is required");
      ArrayNode targets = refs(resources, false);
      if (targets.isEmpty()) {
        throw new FluxException("atleast one resource is required");
      }
      create(
          c,
          FluxKind.RECEIVER,
          spec -> {
            spec.put("type", type);
            if (!events.isEmpty()) {
              ArrayNode ev = spec.putArray("events");
              events.forEach(ev::add);
            }
            spec.set("resources", targets);
            spec.putObject("secretRef").put("name", secretRef);
          });
    }
  }
}
