package io.flotilla.controllers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * s3rver (an S3 server, from the tools cache {@code .ci/run} fills: {@code $FLOTILLA_TOOLS},
 * default {@code ~/.cache/flotilla-tools}) on 127.0.0.1, and an S3 client for it. A test that needs
 * it is skipped, saying why, where it is not installed.
 */
public final class S3rver implements AutoCloseable {
  /** s3rver's fixed access key id and secret. */
  public static final String KEY = "S3RVER";

  private final Process process;
  private final int port;
  private final S3Client s3;

  private S3rver(Process process, int port) {
    this.process = process;
    this.port = port;
    this.s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
            .forcePathStyle(true)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
  }

  /** Starts s3rver with its data under {@code dir}, or skips the calling test. */
  public static S3rver startOrSkip(Path dir) throws IOException {
    String root = System.getenv("FLOTILLA_TOOLS");
    Path tools =
        root == null || root.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "flotilla-tools")
            : Path.of(root);
    Path bin = tools.resolve("node_modules/.bin/s3rver");
    assumeTrue(Files.isExecutable(bin), "s3rver is not installed (run .ci/run)");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir);
    Path log = dir.resolve("s3rver.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    bin.toString(),
                    "--address",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--directory",
                    dir.resolve("data").toString(),
                    "--silent"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3rver server = new S3rver(p, port);
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new IOException("s3rver exited: " + Files.readString(log));
                }
                try (Socket c = new Socket()) {
                  c.connect(new InetSocketAddress("127.0.0.1", port), 200);
                  return true;
                } catch (IOException e) {
                  return false;
                }
              });
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** {@code host:port}, as a Bucket's {@code spec.endpoint} takes it. */
  public String endpoint() {
    return "127.0.0.1:" + port;
  }

  public S3rver createBucket(String bucket) {
    s3.createBucket(b -> b.bucket(bucket));
    return this;
  }

  public S3rver put(String bucket, String key, String text) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
    return this;
  }

  /** Uploads every file under {@code dir} as {@code <prefix>/<relative path>}. */
  public S3rver putTree(String bucket, String prefix, Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String key = prefix + "/" + dir.relativize(f).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    s3.close();
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }
}
