package io.flotilla.cli.flux;

import picocli.CommandLine.Model.CommandSpec;

/** Finds the enclosing command of a type: where the shared (persistent) flags live. */
final class Parents {
  private Parents() {}

  static <T> T find(CommandSpec spec, Class<T> type) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (type.isInstance(s.userObject())) {
        return type.cast(s.userObject());
      }
    }
    throw new IllegalStateException(spec.qualifiedName() + " is not under " + type.getSimpleName());
  }
}
