package io.flotilla.server;

import io.flotilla.server.security.PemKeyStore;
import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS connector that replaces Javalin's plain one when the service has a certificate. */
final class HttpsConnector {
  private HttpsConnector() {}

  static ServerConnector create(
      Server server, HttpConfiguration http, KeyStore identity, ServerOptions options) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(identity);
    ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients check the host name against the certificate; the server need not refuse them.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(https));
    connector.setHost(options.host());
    connector.setPort(options.port());
    return connector;
  }
}
