package io.flotilla.testkit.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An OpenPGP signing key made by the machine's {@code gpg} in a private home, and a {@code
 * gpg.program} wrapper so git signs with it: commits and tags signed the way users sign them.
 * {@link #close()} stops the gpg-agent that signing starts.
 */
public final class GpgKey implements AutoCloseable {
  private final Path home;
  private final Path program;
  private final String fingerprint;
  private final String armoredPublicKey;

  private GpgKey(Path home, Path program, String fingerprint, String armoredPublicKey) {
    this.home = home;
    this.program = program;
    this.fingerprint = fingerprint;
    this.armoredPublicKey = armoredPublicKey;
  }

  /** True when gpg is installed. */
  public static boolean available() {
    return Processes.find("/usr/bin/gpg") != null;
  }

  /** A new unprotected key ({@code algo}: {@code ed25519} or {@code rsa2048}) for {@code uid}. */
  public static GpgKey generate(Path dir, String uid, String algo) {
    try {
      // short path: gpg-agent's socket lives in the home and socket paths are bounded
      Path home = Files.createTempDirectory("gpg-");
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(dir);
      Path program = dir.resolve("gpg-" + home.getFileName() + ".sh");
      Files.writeString(
          program, "#!/bin/sh\nexec gpg --homedir '" + home + "' --batch --no-tty \"$@\"\n");
      Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
      Processes.run(
          dir,
          program.toString(),
          "--passphrase",
          "",
          "--quick-generate-key",
          uid,
          algo,
          "sign",
          "never");
      String colons = Processes.run(dir, program.toString(), "--with-colons", "--list-keys");
      String fpr =
          colons
              .lines()
              .filter(l -> l.startsWith("fpr:"))
              .findFirst()
              .map(l -> l.split(":")[9])
              .orElseThrow(() -> new IllegalStateException("gpg made no key: " + colons));
      String pub = Processes.run(dir, program.toString(), "--armor", "--export", fpr);
      return new GpgKey(home, program, fpr, pub);
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a gpg key", e);
    }
  }

  /** Makes {@code repo} sign with this key (commits with {@code -S}, tags with {@code -s}). */
  public void configure(GitRepoFixture repo) {
    GitRepoFixture.git(repo.work(), "config", "gpg.program", program.toString());
    GitRepoFixture.git(repo.work(), "config", "user.signingkey", fingerprint);
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The 16-hex key id (the fingerprint's last 16 digits), as Flux names the signer. */
  public String keyId() {
    return fingerprint.substring(fingerprint.length() - 16);
  }

  /** The secret key, ASCII-armored, as a user puts it in a signing-key Secret ({@code git.asc}). */
  public String armoredSecretKey() {
    return Processes.run(home, program.toString(), "--armor", "--export-secret-keys", fingerprint);
  }

  /** {@code git verify-commit} by the machine's gpg with this key's keyring; its output. */
  public String verifyCommit(Path repository, String commit) {
    return Processes.run(
        repository, "git", "-c", "gpg.program=" + program, "verify-commit", "--raw", commit);
  }

  /** The public key, ASCII-armored, as a user puts it in the verification secret. */
  public String armoredPublicKey() {
    return armoredPublicKey;
  }

  @Override
  public void close() {
    try {
      Processes.run(home, "gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent");
    } catch (RuntimeException ignored) {
      // no agent was started
    }
  }
}
