package io.flotilla.cli.flux;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Credential flags shared by the source and secret commands. */
final class AuthFlags {
  private AuthFlags() {}

  /** {@code -u/--username}, {@code -p/--password}. */
  static final class Basic {
    @Option(
        names = {"-u", "--username"},
        description = "basic authentication username")
    String username;

    @Option(
        names = {"-p", "--password"},
        description = "basic authentication password")
    String password;

    Credentials credentials(Path caFile) {
      return Credentials.basic(username, password, caFile);
    }
  }

  /** {@code --cert-file}, {@code --key-file}, {@code --ca-file}. */
  static final class Tls {
    @Option(names = "--cert-file", description = "TLS authentication cert file path")
    Path certFile;

    @Option(names = "--key-file", description = "TLS authentication key file path")
    Path keyFile;

    @Option(names = "--ca-file", description = "TLS authentication CA file path")
    Path caFile;

    Credentials add(Credentials to) {
      return to.withTls(certFile, keyFile, caFile);
    }
  }
}
