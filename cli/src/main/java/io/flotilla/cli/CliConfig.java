package io.flotilla.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Settings written by {@code flotilla up}, read by every command: where the configuration service
 * is, the bearer token, and the subscription used in ARM paths.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(String server, String token, String subscription) {
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  /** Used when neither the config file nor the environment names a subscription. */
  public static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  static final String ENV_CONFIG = "FLOTILLA_CONFIG";
  static final String ENV_SERVER = "FLOTILLA_SERVER";
  static final String ENV_TOKEN = "FLOTILLA_TOKEN";
  static final String ENV_SUBSCRIPTION = "FLOTILLA_SUBSCRIPTION";
  private static final long MAX_FILE_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code $FLOTILLA_CONFIG}, else {@code ~/.flotilla/config}. */
  public static Path defaultPath(CliEnvironment env) {
    String explicit = env.getenv(ENV_CONFIG);
    return explicit != null ? Path.of(explicit) : env.home().resolve(".flotilla").resolve("config");
  }

  /**
   * Reads the config file if there is one, then lets {@code FLOTILLA_SERVER}, {@code
   * FLOTILLA_TOKEN} and {@code FLOTILLA_SUBSCRIPTION} override it. Server and subscription fall
   * back to {@link #DEFAULT_SERVER} and {@link #DEFAULT_SUBSCRIPTION}; the token may stay null.
   */
  public static CliConfig load(CliEnvironment env) {
    Path file = defaultPath(env);
    CliConfig fromFile = Files.isRegularFile(file) ? read(file) : new CliConfig(null, null, null);
    String server = firstNonBlank(env.getenv(ENV_SERVER), fromFile.server, DEFAULT_SERVER);
    String token = firstNonBlank(env.getenv(ENV_TOKEN), fromFile.token, null);
    String subscription =
        firstNonBlank(env.getenv(ENV_SUBSCRIPTION), fromFile.subscription, DEFAULT_SUBSCRIPTION);
    return new CliConfig(stripTrailingSlash(server), token, subscription);
  }

  /** Writes this config as JSON with mode 0600, creating parent directories. */
  public void save(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      ObjectNode node = JSON.createObjectNode();
      if (server != null) node.put("server", server);
      if (token != null) node.put("token", token);
      if (subscription != null) node.put("subscription", subscription);
      byte[] bytes =
          (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      // Create the temp file with 0600 from the start so the token is never world-readable.
      Path tmp = createPrivateTempFile(dir, file.getFileName().toString());
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path createPrivateTempFile(Path dir, String name) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    for (int attempt = 0; ; attempt++) {
      try {
        return Files.createFile(dir.resolve("." + name + ".tmp" + attempt), attrs);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) throw e;
      }
    }
  }

  private static CliConfig read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw CliException.invalid(
            "Error! The Flotilla config file " + file + " is larger than 64 KiB",
            "Run 'flotilla up' to write a fresh one, or set " + ENV_CONFIG + " to another file");
      }
      JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw new IOException("expected a JSON object");
      }
      return new CliConfig(text(node, "server"), text(node, "token"), text(node, "subscription"));
    } catch (IOException e) {
      throw CliException.invalid(
          "Error! The Flotilla config file " + file + " is not valid JSON: " + firstLine(e),
          "Fix the file (format: {\"server\":\"http://127.0.0.1:8080\",\"token\":\"…\","
              + "\"subscription\":\"…\"}) or run 'flotilla up' to write it");
    }
  }

  private static String firstLine(IOException e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String firstNonBlank(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) return a;
    if (b != null && !b.isBlank()) return b;
    return fallback;
  }

  private static String stripTrailingSlash(String url) {
    String result = url.trim();
    while (result.endsWith("/")) result = result.substring(0, result.length() - 1);
    return result;
  }

  @Override
  public String toString() {
    // Never print the token, not even by accident in a debug line.
    return "CliConfig[server="
        + server
        + ", token="
        + (token == null ? "null" : "*****")
        + ", subscription="
        + subscription
        + "]";
  }
}
