package io.flotilla.cli.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * argparse's {@code nargs='+'}: one occurrence takes every token up to the next option of the
 * command; each occurrence is kept, so the caller decides whether they add up or the last wins.
 */
final class ManyValuesOption implements IParameterConsumer {
  @Override
  public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
    List<String> tokens = new ArrayList<>();
    while (!args.isEmpty() && !isOption(args.peek(), commandSpec)) {
      tokens.add(args.pop());
    }
    if (tokens.isEmpty()) {
      // argparse names an option by all its option strings: "--kustomization/-k"
      String name =
          argSpec instanceof OptionSpec option
              ? String.join("/", option.names())
              : argSpec.paramLabel();
      throw new ParameterException(
          commandSpec.commandLine(), "argument " + name + ": expected at least one argument");
    }
    Holder holder = argSpec.getValue();
    holder.occurrences.add(tokens);
  }

  private static boolean isOption(String token, CommandSpec spec) {
    if (token.equals("--")) return true;
    if (!token.startsWith("-")) return false;
    int eq = token.indexOf('=');
    String name = eq < 0 ? token : token.substring(0, eq);
    return spec.optionsMap().containsKey(name);
  }

  /** The occurrences of one option, in order. */
  static final class Holder {
    final List<List<String>> occurrences = new ArrayList<>();

    /** The last occurrence's tokens (argparse's {@code setattr}), or null if never given. */
    List<String> last() {
      return occurrences.isEmpty() ? null : occurrences.get(occurrences.size() - 1);
    }
  }
}
