package io.flotilla.deploy.cmd;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.ApplyException;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.deploy.install.InstallRefused;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * A command that reports as the flux CLI does: progress lines on stderr ({@code ►}, {@code ✔}), a
 * failure as {@code ✗ <message>} and exit code 1.
 */
abstract class DeployCommand implements Callable<Integer> {
  // not mixinStandardHelpOptions: its --version would clash with the version to install (flux's
  // --version), and picocli then drops the whole mixin, --help included
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  final CliEnvironment env;

  DeployCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (InstallRefused | ApplyException | DeployFailure e) {
      return fail(e.getMessage());
    } catch (KubernetesClientException e) {
      return fail(
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage());
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  abstract int run() throws ApplyException;

  void progress(String line) {
    env.err().println(line);
    env.err().flush();
  }

  private int fail(String message) {
    env.err().println("✗ " + message);
    return 1;
  }

  /** A failure whose message is for the user as it stands. */
  static final class DeployFailure extends RuntimeException {
    DeployFailure(String message) {
      super(message);
    }
  }
}
