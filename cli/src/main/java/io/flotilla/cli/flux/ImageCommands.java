package io.flotilla.cli.flux;

import static io.flotilla.cli.flux.FluxKind.IMAGE_POLICY;
import static io.flotilla.cli.flux.FluxKind.IMAGE_REPOSITORY;
import static io.flotilla.cli.flux.FluxKind.IMAGE_UPDATE;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/** The {@code image repository|policy|update} words under flux's verbs. */
final class ImageCommands {
  /** {@code get images all}'s order, which is flux's. */
  static final List<FluxKind> ALL = List.of(IMAGE_REPOSITORY, IMAGE_POLICY, IMAGE_UPDATE);

  private ImageCommands() {}

  /** Adds {@code image <word>} for each kind to a verb; returns the verb. */
  static CommandLine add(
      CommandLine verb, Function<FluxKind, CommandLine> command, List<FluxKind> kinds) {
    CommandLine image =
        Groups.group(
            "image",
            "The "
                + verb.getCommandName()
                + " image sub-commands work with image"
                + " automation objects.");
    for (FluxKind k : kinds) {
      image.addSubcommand(word(k), command.apply(k));
    }
    verb.addSubcommand(image);
    return verb;
  }

  /** {@code get images all|repository|policy|update} (alias {@code image}). */
  static CommandLine get() {
    CommandLine images =
        Groups.group(
            "images",
            "The get image sub-commands print the status of image automation objects.",
            "image");
    images.addSubcommand("all", GetCommand.all(ALL));
    for (FluxKind k : ALL) {
      images.addSubcommand(word(k), GetCommand.of(k));
    }
    return images;
  }

  private static String word(FluxKind kind) {
    return switch (kind) {
      case IMAGE_REPOSITORY -> "repository";
      case IMAGE_POLICY -> "policy";
      default -> "update";
    };
  }
}
