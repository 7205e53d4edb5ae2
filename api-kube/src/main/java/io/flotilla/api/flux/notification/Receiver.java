package io.flotilla.api.flux.notification;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code notification.toolkit.fluxcd.io/v1 Receiver}: a webhook that asks its resources to
 * reconcile now. Its address is {@link #webhookPath}.
 */
@Group(Provider.GROUP)
@Version("v1")
@Plural("receivers")
public class Receiver extends FluxResource<ReceiverSpec, ReceiverStatus> {
  public static final String API_VERSION = Provider.GROUP + "/v1";
  public static final String KIND = "Receiver";
  public static final String WEBHOOK_PREFIX = "/hook/";

  /** Flux's path: {@code /hook/} + hex(sha256(token + name + namespace)). */
  public static String webhookPath(String token, String name, String namespace) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((token + name + namespace).getBytes(StandardCharsets.UTF_8));
      return WEBHOOK_PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
