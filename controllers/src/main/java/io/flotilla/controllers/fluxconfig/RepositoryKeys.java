package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The SSH key pair Azure's fluxconfig-controller generates for an ssh repository given no key: RSA
 * (Azure reports {@code ssh-rsa …}), made once and kept for the configuration's lifetime in a
 * Secret the FluxConfig owns, so a restart or a re-reconcile never changes the key a user has
 * already registered as a deploy key.
 */
final class RepositoryKeys {
  static final String PRIVATE_KEY = "identity";
  static final String PUBLIC_KEY = "identity.pub";
  private static final int RSA_BITS = 3072;
  // ssh://…, git@host:path and any other scp-like user@host:path
  private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._~-]+@[^/:]+:.*");

  private RepositoryKeys() {}

  static String secretName(String config) {
    return config + "-ssh-key";
  }

  static boolean isSshUrl(String url) {
    if (url == null) {
      return false;
    }
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("ssh://") || SCP_LIKE.matcher(url).matches();
  }

  /** True when the controller must supply the key: ssh, and neither a key nor localAuthRef. */
  static boolean needsGenerated(GitRepositoryDefinition git, Map<String, String> settings) {
    return git != null
        && git.localAuthRef() == null
        && !settings.containsKey("sshPrivateKey")
        && isSshUrl(git.url());
  }

  /** A key pair as the Secret stores it: PKCS#8 PEM private key, OpenSSH public line. */
  record Material(String privateKeyPem, String publicKeyLine) {}

  static Material generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(RSA_BITS);
      KeyPair pair = gen.generateKeyPair();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      return new Material(pem, publicKeyLine(pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key pair", e);
    }
  }

  static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /**
   * The public line of a user's private key (PEM or OpenSSH), which Azure also reports; null when
   * it cannot be read, the source controller then explains why.
   */
  static String publicKeyOf(String privateKey) {
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName(PRIVATE_KEY),
              new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)),
              FilePasswordProvider.EMPTY);
      if (pairs == null) {
        return null;
      }
      for (KeyPair p : pairs) {
        return publicKeyLine(p.getPublic());
      }
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The configuration's generated key pair, created on first need. Created (not applied) so that
   * two reconciles racing never replace a key: the loser reads the winner's.
   */
  static Material getOrCreate(KubernetesClient client, FluxConfig config) {
    String ns = config.getMetadata().getNamespace();
    String name = secretName(config.getMetadata().getName());
    Material existing = read(client.secrets().inNamespace(ns).withName(name).get());
    if (existing != null) {
      return existing;
    }
    Material fresh = generate();
    Secret secret =
        new SecretBuilder()
            .withMetadata(FluxObjects.meta(config, name))
            .withType("Opaque")
            .withStringData(
                Map.of(PRIVATE_KEY, fresh.privateKeyPem(), PUBLIC_KEY, fresh.publicKeyLine()))
            .build();
    try {
      client.resource(secret).create();
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Material winner = read(client.secrets().inNamespace(ns).withName(name).get());
      if (winner == null) {
        throw e;
      }
      return winner;
    }
  }

  private static Material read(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return null;
    }
    String priv = secret.getData().get(PRIVATE_KEY);
    String pub = secret.getData().get(PUBLIC_KEY);
    if (priv == null || pub == null) {
      return null;
    }
    Base64.Decoder d = Base64.getDecoder();
    return new Material(
        new String(d.decode(priv), StandardCharsets.UTF_8),
        new String(d.decode(pub), StandardCharsets.UTF_8).trim());
  }
}
