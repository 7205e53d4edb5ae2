package io.flotilla.testkit.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** SSH key pairs made with {@code ssh-keygen}, as a user would make a deploy key. */
public final class SshKeys {
  private SshKeys() {}

  /** A private key (file bytes) and its public line ({@code <type> <base64> <comment>}). */
  public record KeyPair(byte[] privateKey, String publicKey) {
    /** The public line without its comment: {@code <type> <base64>}. */
    public String publicKeyTypeAndData() {
      String[] p = publicKey.trim().split("\\s+");
      return p[0] + " " + p[1];
    }
  }

  /** True when {@code ssh-keygen} is installed. */
  public static boolean available() {
    return Processes.find("/usr/bin/ssh-keygen") != null;
  }

  /**
   * Generates a key in {@code dir}: {@code type} is {@code rsa}, {@code ecdsa} or {@code ed25519};
   * {@code passphrase} may be empty; {@code pem} writes the legacy PEM format instead of OpenSSH's.
   */
  public static KeyPair generate(
      Path dir, String name, String type, String passphrase, boolean pem) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir.resolve(name + ".pub"));
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "ssh-keygen",
                  "-q",
                  "-t",
                  type,
                  "-N",
                  passphrase == null ? "" : passphrase,
                  "-C",
                  name,
                  "-f",
                  file.toString()));
      if (type.equals("rsa")) {
        cmd.addAll(List.of("-b", "3072"));
      }
      if (pem) {
        cmd.addAll(List.of("-m", "PEM"));
      }
      Processes.run(dir, cmd);
      return new KeyPair(Files.readAllBytes(file), Files.readString(dir.resolve(name + ".pub")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
