package io.flotilla.testkit.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny forward proxy on 127.0.0.1: https through {@code CONNECT} tunnels and plain http requests
 * in absolute form, optionally requiring Basic proxy credentials (407 otherwise). It records each
 * request line it served, so a test can prove traffic went through it.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String expectedAuth;
  private final List<String> served = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private ConnectProxy(String username, String password) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    expectedAuth =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    acceptor = new Thread(this::accept, "connect-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy that asks for these credentials, or none when {@code username} is null. */
  public static ConnectProxy start(String username, String password) {
    try {
      return new ConnectProxy(username, password);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start proxy", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}, as a proxy secret's {@code address}. */
  public String address() {
    return "http://127.0.0.1:" + port();
  }

  /** Request lines served (authorised), e.g. {@code CONNECT 127.0.0.1:4431 HTTP/1.1}. */
  public List<String> served() {
    return List.copyOf(served);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> handle(s), "connect-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        String requestLine = head.get(0);
        String auth = null;
        for (String h : head) {
          if (h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
            auth = h.substring(h.indexOf(':') + 1).strip();
          }
        }
        if (expectedAuth != null && !expectedAuth.equals(auth)) {
          skipBody(in, head);
          out.write(
              ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                      + "Proxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue; // the client retries on the same connection
        }
        served.add(requestLine);
        String[] parts = requestLine.split(" ");
        if (parts[0].equals("CONNECT")) {
          String[] hp = parts[1].split(":");
          Socket upstream = new Socket(hp[0], Integer.parseInt(hp[1]));
          open.add(upstream);
          out.write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          pipe(client, upstream);
          return;
        }
        java.net.URI target = java.net.URI.create(parts[1]);
        Socket upstream =
            new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        open.add(upstream);
        StringBuilder req = new StringBuilder();
        String path =
            target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        req.append(parts[0]).append(' ').append(path).append(' ').append(parts[2]).append("\r\n");
        for (String h : head.subList(1, head.size())) {
          if (!h.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
            req.append(h).append("\r\n");
          }
        }
        req.append("\r\n");
        upstream.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        upstream.getOutputStream().flush();
        pipe(client, upstream);
        return;
      }
    } catch (IOException ignored) {
      // a client or upstream went away
    }
  }

  private static void pipe(Socket a, Socket b) throws IOException {
    Thread up =
        new Thread(
            () -> {
              try {
                a.getInputStream().transferTo(b.getOutputStream());
                b.shutdownOutput();
              } catch (IOException ignored) {
                // closed
              }
            },
            "connect-proxy-up");
    up.setDaemon(true);
    up.start();
    try (b) {
      b.getInputStream().transferTo(a.getOutputStream());
    } catch (IOException ignored) {
      // closed
    }
    try {
      up.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void skipBody(InputStream in, List<String> head) throws IOException {
    for (String h : head) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(h.substring(15).strip()));
      }
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
        line.reset();
        if (l.isEmpty()) {
          return lines;
        }
        lines.add(l);
      } else {
        line.write(c);
      }
    }
    return List.of();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
