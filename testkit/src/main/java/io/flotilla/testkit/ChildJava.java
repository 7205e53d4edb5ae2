package io.flotilla.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@code main} on this test's class path, to start in a JVM of its own. */
public final class ChildJava {
  private ChildJava() {}

  /**
   * {@code java <jvmOptions> -cp <this class path> <main> <args>}, its stderr merged into stdout.
   */
  public static ProcessBuilder of(Class<?> main, List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }
}
