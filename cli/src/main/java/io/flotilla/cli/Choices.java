package io.flotilla.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Stack;
import java.util.stream.Collectors;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** az's enum arguments: matched case-insensitively, returned in their canonical spelling. */
public final class Choices {
  private Choices() {}

  /**
   * Raised for a value outside the choices; az reports it as {@code <prog>: '<value>' is not a
   * valid value for '<option>'.}, suggests the closest choice, and exits with 2.
   */
  static final class InvalidChoice extends TypeConversionException {
    private final String value;
    private final List<String> choices;

    InvalidChoice(String value, List<String> choices) {
      super(
          "invalid choice: '"
              + value
              + "' (choose from "
              + choices.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
              + ")");
      this.value = value;
      this.choices = List.copyOf(choices);
    }

    String value() {
      return value;
    }

    /** az's {@code Did you mean '<x>' ?}: the best of difflib's close matches (cutoff 0.7). */
    Optional<String> suggestion() {
      return CloseMatches.best(value, choices, 0.7);
    }
  }

  abstract static class Enum implements ITypeConverter<String> {
    private final List<String> choices;

    Enum(String... choices) {
      this.choices = List.of(choices);
    }

    @Override
    public String convert(String value) {
      for (String choice : choices) {
        if (choice.equalsIgnoreCase(value)) {
          return choice;
        }
      }
      throw new InvalidChoice(value, choices);
    }
  }

  public static final class ClusterType extends Enum {
    ClusterType() {
      super(ClusterTarget.CONNECTED, ClusterTarget.MANAGED, ClusterTarget.PROVISIONED);
    }
  }

  /** k8s-extension also knows Arc appliances. */
  public static final class ExtensionClusterType extends Enum {
    ExtensionClusterType() {
      super(
          ClusterTarget.CONNECTED, ClusterTarget.MANAGED, "appliances", ClusterTarget.PROVISIONED);
    }
  }

  public static final class Kind extends Enum {
    Kind() {
      super("git", "bucket", "azblob", "oci");
    }
  }

  public static final class Scope extends Enum {
    Scope() {
      super("namespace", "cluster");
    }
  }

  public static final class GitProvider extends Enum {
    GitProvider() {
      super("generic", "azure");
    }
  }

  public static final class OciOperation extends Enum {
    OciOperation() {
      super("extract", "copy");
    }
  }

  static final class Output extends Enum {
    Output() {
      super("json", "jsonc", "none", "table", "tsv", "yaml", "yamlc");
    }
  }

  public static final class ObjectKind extends Enum {
    ObjectKind() {
      super(
          "GitRepository", "Bucket", "HelmRepository", "HelmChart", "HelmRelease", "Kustomization");
    }
  }

  /**
   * az's three-state flags: {@code --suspend} alone is true, else {@code true} or {@code false}.
   */
  public static final class ThreeState implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new InvalidChoice(value, List.of("true", "false"));
      };
    }
  }

  /**
   * argparse's {@code nargs='?'} for az's three-state flags: the next argument is the flag's value
   * unless it looks like an option, so {@code --suspend maybe} is an invalid value, not a stray
   * argument.
   */
  public static final class ThreeStateConsumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      Boolean value = Boolean.TRUE;
      if (!args.isEmpty() && !args.peek().startsWith("-")) {
        String raw = args.pop();
        try {
          value = new ThreeState().convert(raw);
        } catch (InvalidChoice e) {
          throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e, argSpec, raw);
        }
      }
      argSpec.setValue(value);
    }
  }
}
