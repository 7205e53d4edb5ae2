package io.flotilla.cli;

import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code flotilla kustomize build}: the build itself, shared by the picocli command and by a fast
 * path that {@code main} takes for plain invocations, so a one-shot build loads neither picocli's
 * reflection nor the rest of the CLI.
 */
public final class KustomizeBuild {
  private KustomizeBuild() {}

  /** The options {@code kubectl kustomize} takes that we understand. */
  record Flags(Path dir, boolean enableHelm, String loadRestrictor) {}

  /**
   * Runs {@code args} when they are {@code kustomize build [DIR] [--enable-helm] [--load-restrictor
   * X]} and nothing else; returns null (nothing done) for anything else — help, unknown flags,
   * other commands — which picocli then handles.
   */
  public static Integer tryMain(String[] args) {
    Flags flags = parse(args);
    if (flags == null) {
      return null;
    }
    Writer stdout =
        new BufferedWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
            1 << 16);
    PrintWriter out = new PrintWriter(stdout, false);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(flags.dir(), flags.enableHelm(), flags.loadRestrictor(), out, err);
    out.flush();
    err.flush();
    return code;
  }

  static Flags parse(String[] args) {
    if (args.length < 2 || !args[0].equals("kustomize") || !args[1].equals("build")) {
      return null;
    }
    String dir = null;
    boolean helm = false;
    String restrictor = "LoadRestrictionsRootOnly";
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--enable-helm")) {
        helm = true;
      } else if (a.startsWith("--load-restrictor=")) {
        restrictor = a.substring("--load-restrictor=".length());
      } else if (a.equals("--load-restrictor") && i + 1 < args.length) {
        restrictor = args[++i];
      } else if (!a.startsWith("-") && dir == null) {
        dir = a;
      } else {
        return null;
      }
    }
    return new Flags(Path.of(dir == null ? "." : dir), helm, restrictor);
  }

  /** Builds and prints; on error prints {@code Error: …} and nothing on {@code out}. */
  static int run(
      Path dir, boolean enableHelm, String loadRestrictor, PrintWriter out, PrintWriter err) {
    boolean none;
    switch (loadRestrictor) {
      case "LoadRestrictionsRootOnly", "rootOnly" -> none = false;
      case "LoadRestrictionsNone", "none" -> none = true;
      default -> {
        err.println("Error: illegal flag value --load-restrictor " + loadRestrictor);
        err.flush();
        return 1;
      }
    }
    KustomizeOptions options =
        KustomizeOptions.defaults()
            .withGenerateKustomization(false)
            .withLoadRestrictionsNone(none)
            .withEnableHelm(enableHelm);
    String yaml;
    try {
      Path target = dir.toAbsolutePath().normalize();
      yaml = Kustomizer.create(options).buildYaml(Path.of("/"), target);
    } catch (KustomizeException e) {
      // all or nothing: an error never leaves partial output on stdout
      err.println("Error: " + e.getMessage());
      err.flush();
      return 1;
    }
    out.print(yaml);
    out.flush();
    return out.checkError() ? 1 : 0;
  }
}
