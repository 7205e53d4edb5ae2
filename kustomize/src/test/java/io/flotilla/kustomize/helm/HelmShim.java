package io.flotilla.kustomize.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code helm} for recording the conformance corpus: {@code kubectl kustomize --enable-helm
 * --helm-command src/test/helm-shim/helm} runs it instead of the helm binary this machine lacks. It
 * understands what kustomize's HelmChartInflationGenerator calls ({@code version -c --short} and
 * {@code template} with its flags) and renders with helm-java, so the recorded outputs are real
 * kustomize around helm-java's rendering. {@code pull} always fails: nothing is downloaded.
 */
public final class HelmShim {
  private HelmShim() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(List.of(args)));
  }

  /** What {@code helm version -c --short} prints. */
  public static String version() {
    return HelmRenderer.HELM_VERSION + "+gflotilla.shim";
  }

  static int run(List<String> args) throws IOException {
    if (args.isEmpty()) return fail("no command given");
    switch (args.get(0)) {
      case "version" -> {
        System.out.println(version());
        return 0;
      }
      case "pull" -> {
        return fail(
            "this build never downloads charts (helm shim: helm " + String.join(" ", args) + ")");
      }
      case "template" -> {
        return template(args.subList(1, args.size()));
      }
      default -> {
        return fail("unknown command \"" + args.get(0) + "\" for \"helm\" (shim)");
      }
    }
  }

  private static int template(List<String> args) throws IOException {
    List<String> positional = new ArrayList<>();
    List<Path> values = new ArrayList<>();
    List<String> apiVersions = new ArrayList<>();
    String namespace = null;
    String nameTemplate = null;
    String kubeVersion = null;
    boolean generateName = false;
    boolean includeCrds = false;
    boolean skipTests = false;
    boolean noHooks = false;
    boolean debug = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--generate-name", "-g" -> generateName = true;
        case "--include-crds" -> includeCrds = true;
        case "--skip-tests" -> skipTests = true;
        case "--no-hooks" -> noHooks = true;
        case "--debug" -> debug = true;
        case "--devel" -> {}
        case "--namespace", "-n" -> namespace = args.get(++i);
        case "--name-template" -> nameTemplate = args.get(++i);
        case "--kube-version" -> kubeVersion = args.get(++i);
        case "--api-versions", "-a" -> apiVersions.add(args.get(++i));
        case "-f", "--values" -> values.add(Path.of(args.get(++i)).toAbsolutePath());
        default -> {
          if (a.startsWith("-")) return fail("unknown flag: " + a);
          positional.add(a);
        }
      }
    }
    if (positional.isEmpty() || positional.size() > 2) {
      return fail("expected a chart and at most a release name, got " + positional);
    }
    String release = positional.size() == 2 ? positional.get(0) : null;
    Path chart = Path.of(positional.get(positional.size() - 1)).toAbsolutePath();
    if (release != null && generateName) {
      return fail("cannot set --generate-name and also specify a name");
    }
    Path work = Files.createTempDirectory("helm-shim-");
    try {
      String out =
          HelmRenderer.render(
              new HelmRenderer.Request(
                  chart,
                  release,
                  nameTemplate,
                  namespace,
                  values,
                  apiVersions,
                  kubeVersion,
                  includeCrds,
                  noHooks,
                  skipTests,
                  debug,
                  work));
      System.out.print(out);
      System.out.flush();
      return 0;
    } catch (HelmException e) {
      System.err.println(
          e.getMessage().startsWith("Error: ") ? e.getMessage() : "Error: " + e.getMessage());
      return 1;
    } finally {
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int fail(String message) {
    System.err.println("Error: " + message);
    return 1;
  }
}
