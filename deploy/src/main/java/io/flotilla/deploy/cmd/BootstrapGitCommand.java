package io.flotilla.deploy.cmd;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.apply.ApplyException;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.deploy.bootstrap.GitBootstrap;
import io.flotilla.deploy.bootstrap.HostKeyScan;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.source.git.GitCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flotilla flux bootstrap git}: as {@code flux bootstrap git}, over https (basic or token)
 * or ssh (a private key file).
 */
@Command(
    name = "git",
    description =
        "Commit Flotilla's manifests to a Git repository, install them and sync the cluster from"
            + " that repository.")
public final class BootstrapGitCommand extends DeployCommand {
  @Mixin KubeTarget target;
  @Mixin InstallCommand.InstallFlags flags;

  @Option(names = "--url", required = true, description = "Git repository URL (https or ssh).")
  String url;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "Git branch (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--path",
      required = true,
      description = "Path relative to the repository root, e.g. clusters/my-cluster.")
  String path;

  @Option(
      names = {"--username", "-u"},
      defaultValue = "git",
      description = "Basic authentication username (default: ${DEFAULT-VALUE}).")
  String username;

  @Option(
      names = {"--password", "-p"},
      description = "Basic authentication password, or the private key's passphrase with ssh.")
  String password;

  @Option(
      names = "--token-auth",
      description = "The --password is a personal access token (https), as Azure DevOps PATs.")
  boolean tokenAuth;

  @Option(names = "--private-key-file", description = "Path to a private key file (ssh).")
  Path privateKeyFile;

  @Option(
      names = "--known-hosts-file",
      description =
          "known_hosts of the ssh server, to pin its key (default: scan the key the server"
              + " offers, as flux does).")
  Path knownHostsFile;

  @Option(
      names = "--ssh-hostkey-algos",
      split = ",",
      description =
          "List of host key algorithms to be used by the CLI for SSH connections, e.g."
              + " ssh-ed25519,rsa-sha2-512 (the key scanned into known_hosts is of the first the"
              + " server has).")
  List<String> sshHostKeyAlgos = new ArrayList<>();

  @Option(names = "--ca-file", description = "Path to a CA bundle for the https server.")
  Path caFile;

  @Option(
      names = "--author-name",
      defaultValue = "Flux",
      description = "Author name of the commits (default: ${DEFAULT-VALUE}).")
  String authorName;

  @Option(names = "--author-email", defaultValue = "", description = "Author email of the commits.")
  String authorEmail;

  @Option(
      names = "--interval",
      defaultValue = "1m0s",
      description = "Sync interval of the GitRepository (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--silent", description = "Assume yes to all questions.")
  boolean silent;

  public BootstrapGitCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  int run() throws ApplyException {
    Map<String, String> secret = new LinkedHashMap<>();
    GitCredentials credentials = credentials(secret);
    InstallOptions install = flags.options();
    try (KubernetesClient client = target.client(env)) {
      new GitBootstrap(client, this::progress)
          .run(
              new GitBootstrap.Request(
                  url,
                  branch,
                  path,
                  credentials,
                  secret,
                  authorName,
                  authorEmail,
                  interval,
                  install,
                  flags.force.force(),
                  flags.timeout()));
    }
    progress("✔ bootstrap finished");
    return 0;
  }

  /** The credentials to push with, and the same ones as the flux-system Secret's data. */
  private GitCredentials credentials(Map<String, String> secret) {
    String scheme = url.toLowerCase(Locale.ROOT);
    GitCredentials c;
    if (scheme.startsWith("ssh://")) {
      if (privateKeyFile == null) {
        throw new DeployFailure("--private-key-file is required with an ssh:// --url");
      }
      String identity = read(privateKeyFile, "--private-key-file");
      String knownHosts = knownHosts();
      secret.put("identity", identity);
      secret.put("known_hosts", knownHosts);
      if (password != null) secret.put("password", password);
      c =
          GitCredentials.ssh(
              identity.getBytes(StandardCharsets.UTF_8),
              password,
              knownHosts.getBytes(StandardCharsets.UTF_8));
    } else if (scheme.startsWith("https://") || scheme.startsWith("http://")) {
      if (privateKeyFile != null) {
        throw new DeployFailure("--private-key-file needs an ssh:// --url");
      }
      if (password == null) {
        c = GitCredentials.NONE;
      } else {
        // with --token-auth the token is the password of basic auth, as Azure DevOps takes a PAT
        secret.put("username", username);
        secret.put("password", password);
        c = GitCredentials.basic(username, password);
      }
    } else {
      throw new DeployFailure(
          "invalid --url \"" + url + "\": the Git URL must start with https://, http:// or ssh://");
    }
    if (caFile != null) {
      String ca = read(caFile, "--ca-file");
      secret.put("ca.crt", ca);
      c = c.withCaCert(ca.getBytes(StandardCharsets.UTF_8));
    }
    return c;
  }

  /**
   * The given known_hosts, else the server's key as flux scans it: the CLI trusts it for its own
   * clone and the cluster's source-controller pins it through the Secret from then on.
   */
  private String knownHosts() {
    if (knownHostsFile != null) {
      return read(knownHostsFile, "--known-hosts-file");
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new DeployFailure("invalid --url \"" + url + "\": " + e.getMessage());
    }
    if (u.getHost() == null) {
      throw new DeployFailure("invalid --url \"" + url + "\": no host");
    }
    return HostKeyScan.knownHostsLine(
            u.getHost(),
            u.getPort() < 0 ? 22 : u.getPort(),
            sshHostKeyAlgos,
            Duration.ofSeconds(30))
        + "\n";
  }

  private static String read(Path file, String flag) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new DeployFailure("cannot read " + flag + " " + file + ": " + e.getMessage());
    }
  }
}
