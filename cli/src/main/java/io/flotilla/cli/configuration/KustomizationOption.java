package io.flotilla.cli.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Collects one {@code -k KEY=VALUE ...} occurrence as its own token list (argparse's {@code
 * nargs='+'} with append): tokens are taken until the next option of the command.
 */
final class KustomizationOption implements IParameterConsumer {
  @Override
  public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
    List<String> tokens = new ArrayList<>();
    while (!args.isEmpty() && !isOption(args.peek(), commandSpec)) {
      tokens.add(args.pop());
    }
    if (tokens.isEmpty()) {
      throw new ParameterException(
          commandSpec.commandLine(), "argument --kustomization/-k: expected at least one argument");
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

  /** The occurrences of {@code -k}, in order. */
  static final class Holder {
    final List<List<String>> occurrences = new ArrayList<>();
  }
}
