package io.flotilla.cli.arm;

import io.flotilla.cli.CliException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake with the service failed, in words, with the fix: an untrusted certificate
 * (the usual case: a private CA the JDK does not know, fixed with {@code FLOTILLA_CA_FILE}), one
 * for another host, an expired one, or a server that does not speak TLS at all. Never the JDK's
 * {@code PKIX path building failed}.
 */
final class TlsFailure {
  private TlsFailure() {}

  static CliException of(SSLException e, String server, Path caFile) {
    String at = "Could not connect to the Flotilla server at " + server + ": ";
    Throwable expired = find(e, CertificateExpiredException.class);
    if (expired != null || contains(e, "certificate expired")) {
      return failure(
          at,
          "its TLS certificate has expired",
          "Renew the server's certificate (flotilla server --tls-cert) and restart it.");
    }
    if (find(e, CertificateNotYetValidException.class) != null) {
      return failure(
          at,
          "its TLS certificate is not valid yet",
          "Check the clocks of this machine and of the server.");
    }
    if (contains(e, "no subject alternative") || contains(e, "no name matching")) {
      return failure(
          at,
          "its TLS certificate is for another host name",
          "Use the host name or address the certificate names in FLOTILLA_SERVER (or the"
              + " \"server\" field of the CLI config), or reissue the certificate with this"
              + " one.");
    }
    if (find(e, CertPathBuilderException.class) != null
        || find(e, CertPathValidatorException.class) != null
        || contains(e, "PKIX path")
        || contains(e, "unable to find valid certification path")) {
      String fix =
          caFile == null
              ? "If the server uses a private CA (flotilla server --tls-cert), give the CLI that"
                  + " CA's PEM file: export "
                  + io.flotilla.api.tls.CaBundle.ENV
                  + "=/path/to/ca.pem"
              : "The certificate was not issued by a CA in "
                  + io.flotilla.api.tls.CaBundle.ENV
                  + " ("
                  + caFile
                  + "); point it at the PEM file of the CA that signed the server's certificate.";
      return failure(
          at,
          "its TLS certificate is not trusted (no trusted certificate authority issued it)",
          fix);
    }
    if (contains(e, "unrecognized ssl message") || contains(e, "plaintext connection")) {
      return failure(
          at,
          "it does not speak TLS",
          "Use an http:// address in FLOTILLA_SERVER, or start the server with --tls-cert and"
              + " --tls-key.");
    }
    return new CliException(
        at + "the TLS handshake failed (" + rootMessage(e) + ")", List.of(), CliException.ERROR);
  }

  private static CliException failure(String at, String problem, String fix) {
    return new CliException(at + problem, List.of(fix), CliException.ERROR);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static boolean contains(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
