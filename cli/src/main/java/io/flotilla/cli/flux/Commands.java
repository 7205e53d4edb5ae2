package io.flotilla.cli.flux;

import static io.flotilla.cli.flux.FluxKind.ALERT;
import static io.flotilla.cli.flux.FluxKind.ALERT_PROVIDER;
import static io.flotilla.cli.flux.FluxKind.BUCKET;
import static io.flotilla.cli.flux.FluxKind.GIT_REPOSITORY;
import static io.flotilla.cli.flux.FluxKind.HELM_CHART;
import static io.flotilla.cli.flux.FluxKind.HELM_RELEASE;
import static io.flotilla.cli.flux.FluxKind.HELM_REPOSITORY;
import static io.flotilla.cli.flux.FluxKind.IMAGE_POLICY;
import static io.flotilla.cli.flux.FluxKind.IMAGE_REPOSITORY;
import static io.flotilla.cli.flux.FluxKind.IMAGE_UPDATE;
import static io.flotilla.cli.flux.FluxKind.KUSTOMIZATION;
import static io.flotilla.cli.flux.FluxKind.OCI_REPOSITORY;
import static io.flotilla.cli.flux.FluxKind.RECEIVER;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/** The flux command tree: verbs, then kinds, with flux's names and aliases. */
final class Commands {
  /** {@code get sources all}'s order, which is flux's. */
  static final List<FluxKind> SOURCES =
      List.of(OCI_REPOSITORY, BUCKET, GIT_REPOSITORY, HELM_REPOSITORY, HELM_CHART);

  private Commands() {}

  static void addAll(CommandLine flux, FluxGroup group) {
    flux.addSubcommand(get());
    flux.addSubcommand(create());
    CommandLine tree =
        Groups.group("tree", "The tree command prints the resources reconciled by Flux.");
    tree.addSubcommand(new TreeCommand());
    flux.addSubcommand(tree);
    CommandLine diff =
        Groups.group(
            "diff", "The diff command is used to do a server-side dry-run on flux resources.");
    diff.addSubcommand(new DiffCommand());
    flux.addSubcommand(diff);
    flux.addSubcommand(new TraceCommand());
    flux.addSubcommand(new EventsCommand());
    flux.addSubcommand(new StatsCommand());
    flux.addSubcommand(new CheckCommand());
    flux.addSubcommand(new VersionCommand());
    List<FluxKind> running = List.of(IMAGE_REPOSITORY, IMAGE_UPDATE);
    List<FluxKind> toggled = List.of(ALERT, RECEIVER);
    List<FluxKind> notifications = List.of(ALERT_PROVIDER, ALERT, RECEIVER);
    addVerb(flux, verb("reconcile", ReconcileCommand::of), List.of(RECEIVER), running);
    addVerb(flux, verb("suspend", k -> new CommandLine(new SuspendCommand(k))), toggled, running);
    addVerb(flux, verb("resume", k -> new CommandLine(new ResumeCommand(k))), toggled, running);
    addVerb(
        flux,
        verb("delete", k -> new CommandLine(new DeleteCommand(k))),
        notifications,
        ImageCommands.ALL);
    addVerb(flux, verb("export", ExportCommand::of), notifications, ImageCommands.ALL);
  }

  /** A verb over every kind, and the command it has for a kind. */
  private record Verb(CommandLine line, Function<FluxKind, CommandLine> command) {}

  /**
   * Adds a verb to flux with the notification kinds it has in flux, named as flux names them
   * ({@code alert-provider}), then its {@code image} kinds.
   */
  private static void addVerb(
      CommandLine flux, Verb verb, List<FluxKind> notifications, List<FluxKind> images) {
    for (FluxKind k : notifications) {
      verb.line().addSubcommand(k.humanKind(), verb.command().apply(k));
    }
    flux.addSubcommand(ImageCommands.add(verb.line(), verb.command(), images));
  }

  /**
   * A verb over every kind: {@code <verb> source git|helm|oci|bucket|chart}, {@code ks}, {@code
   * hr}.
   */
  private static Verb verb(String name, Function<FluxKind, CommandLine> command) {
    CommandLine verb = Groups.group(name, description(name));
    CommandLine source = sources(command);
    verb.addSubcommand(source);
    verb.addSubcommand("kustomization", command.apply(KUSTOMIZATION), "ks");
    verb.addSubcommand("helmrelease", command.apply(HELM_RELEASE), "hr");
    return new Verb(verb, command);
  }

  /** A verb's help, as flux words it. */
  private static String description(String verb) {
    return switch (verb) {
      case "reconcile" ->
          "The reconcile sub-commands trigger a reconciliation of sources and resources.";
      case "suspend" -> "The suspend sub-commands suspend the reconciliation of a resource.";
      case "resume" -> "The resume sub-commands resume a suspended resource.";
      case "delete" -> "The delete sub-commands delete sources and resources.";
      case "export" -> "The export sub-commands export resources in YAML format.";
      default -> throw new IllegalArgumentException(verb);
    };
  }

  /** {@code sources git|helm|oci|bucket|chart} (alias {@code source}) of a verb. */
  private static CommandLine sources(Function<FluxKind, CommandLine> command) {
    CommandLine source = Groups.group("sources", "Commands on sources.", "source");
    source.addSubcommand("git", command.apply(GIT_REPOSITORY));
    source.addSubcommand("helm", command.apply(HELM_REPOSITORY));
    source.addSubcommand("oci", command.apply(OCI_REPOSITORY));
    source.addSubcommand("bucket", command.apply(BUCKET));
    source.addSubcommand("chart", command.apply(HELM_CHART));
    return source;
  }

  private static CommandLine create() {
    CommandLine create = new CommandLine(new CreateGroup());
    CommandLine source =
        Groups.group("source", "The create source sub-commands generate sources.", "sources");
    source.addSubcommand(new CreateSourceGit());
    source.addSubcommand(new CreateSourceHelm());
    source.addSubcommand(new CreateSourceOci());
    source.addSubcommand(new CreateSourceBucket());
    create.addSubcommand(source);
    create.addSubcommand(new CreateKustomization());
    create.addSubcommand(new CreateHelmRelease());
    create.addSubcommand(new CreateNotification.Provider());
    create.addSubcommand(new CreateNotification.Alert());
    create.addSubcommand(new CreateNotification.Receiver());
    create.addSubcommand(CreateImage.group());
    CommandLine secret =
        Groups.group("secret", "The create secret sub-commands generate Kubernetes secrets.");
    secret.addSubcommand(new CreateSecret.Git());
    secret.addSubcommand(new CreateSecret.Helm());
    secret.addSubcommand(new CreateSecret.Oci());
    secret.addSubcommand(new CreateSecret.Tls());
    create.addSubcommand(secret);
    return create;
  }

  private static CommandLine get() {
    CommandLine get = new CommandLine(new GetGroup());
    CommandLine sources = sources(GetCommand::of);
    sources.addSubcommand("all", GetCommand.all(SOURCES));
    get.addSubcommand(sources);
    get.addSubcommand("kustomizations", GetCommand.of(KUSTOMIZATION), "ks", "kustomization");
    get.addSubcommand("helmreleases", GetCommand.of(HELM_RELEASE), "hr", "helmrelease");
    get.addSubcommand("alert-providers", GetCommand.of(ALERT_PROVIDER), "alert-provider");
    get.addSubcommand("alerts", GetCommand.of(ALERT), "alert");
    get.addSubcommand("receivers", GetCommand.of(RECEIVER), "receiver");
    get.addSubcommand(ImageCommands.get());
    List<FluxKind> everything =
        List.of(
            OCI_REPOSITORY,
            BUCKET,
            GIT_REPOSITORY,
            HELM_REPOSITORY,
            HELM_CHART,
            IMAGE_REPOSITORY,
            IMAGE_POLICY,
            IMAGE_UPDATE,
            HELM_RELEASE,
            KUSTOMIZATION,
            RECEIVER,
            ALERT_PROVIDER,
            ALERT);
    get.addSubcommand("all", GetCommand.all(everything));
    return get;
  }
}
