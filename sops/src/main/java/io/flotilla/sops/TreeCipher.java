package io.flotilla.sops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flotilla.gotext.GoFloat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decrypts a document's values in place, as SOPS' tree walk does: every leaf whose path the rules
 * mark encrypted is decrypted with its path as additional data, and the MAC is the SHA-512 of all
 * leaves' plain values in document order (only the encrypted ones with {@code mac_only_encrypted}),
 * upper-case hex.
 */
final class TreeCipher {
  /** SOPS' fixed prefix of the hash when only encrypted values count (its MAC initialization). */
  private static final byte[] MAC_ONLY_ENCRYPTED_INIT = {
    (byte) 0x8a,
    0x3f,
    (byte) 0xd2,
    (byte) 0xad,
    0x54,
    (byte) 0xce,
    0x66,
    0x52,
    0x7b,
    0x10,
    0x34,
    (byte) 0xf3,
    (byte) 0xd1,
    0x47,
    (byte) 0xbe,
    0x0b,
    0x0b,
    (byte) 0x97,
    0x5b,
    0x3b,
    (byte) 0xf4,
    0x4f,
    0x72,
    (byte) 0xc6,
    (byte) 0xfd,
    (byte) 0xad,
    (byte) 0xec,
    (byte) 0x81,
    0x76,
    (byte) 0xf2,
    0x7d,
    0x69
  };

  private final byte[] key;
  private final Metadata.Rules rules;
  private final MessageDigest hash;
  private byte[] rawData;

  TreeCipher(byte[] key, Metadata.Rules rules) {
    this.key = key;
    this.rules = rules;
    try {
      this.hash = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (rules.macOnlyEncrypted()) {
      hash.update(MAC_ONLY_ENCRYPTED_INIT);
    }
  }

  /** Decrypts every branch (a document of a multi-document file is one) and returns the MAC. */
  String decrypt(List<ObjectNode> branches) throws SopsException {
    for (ObjectNode branch : branches) {
      object(branch, new ArrayList<>());
    }
    return HexFormat.of().withUpperCase().formatHex(hash.digest());
  }

  /** The exact plaintext bytes of a top-level {@code data} value (the binary format's content). */
  byte[] rawData() {
    return rawData;
  }

  private void object(ObjectNode node, List<String> path) throws SopsException {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    it.forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> e : entries) {
      path.add(e.getKey());
      JsonNode out = value(e.getValue(), path);
      if (out != e.getValue()) {
        node.set(e.getKey(), out);
      }
      path.remove(path.size() - 1);
    }
  }

  private JsonNode value(JsonNode v, List<String> path) throws SopsException {
    if (v.isObject()) {
      object((ObjectNode) v, path);
      return v;
    }
    if (v.isArray()) {
      ArrayNode a = (ArrayNode) v;
      for (int i = 0; i < a.size(); i++) {
        JsonNode out = value(a.get(i), path);
        if (out != a.get(i)) {
          a.set(i, out);
        }
      }
      return v;
    }
    if (v.isNull() || v.isMissingNode()) {
      return v; // SOPS neither decrypts nor hashes a null
    }
    return leaf(v, path);
  }

  private JsonNode leaf(JsonNode v, List<String> path) throws SopsException {
    boolean encrypted =
        rules.byComments()
            ? v.isTextual() && ValueCipher.looksEncrypted(v.asText())
            : rules.encrypted(path);
    if (!encrypted) {
      if (!rules.macOnlyEncrypted()) {
        hash.update(bytes(v));
      }
      return v;
    }
    String where = String.join(":", path);
    if (!v.isTextual()) {
      throw new SopsException(
          "could not decrypt value at '" + where + "': it is a " + kind(v) + ", not ENC[…]");
    }
    ValueCipher.Plain plain = ValueCipher.decrypt(v.asText(), key, where + ":", where);
    String text = new String(plain.bytes(), StandardCharsets.UTF_8);
    JsonNode out;
    byte[] mac;
    try {
      switch (plain.type()) {
        case "str", "bytes" -> {
          out = TextNode.valueOf(text);
          mac = plain.bytes();
        }
        case "int" -> {
          long n = Long.parseLong(text.trim());
          out = LongNode.valueOf(n);
          mac = Long.toString(n).getBytes(StandardCharsets.UTF_8);
        }
        case "float" -> {
          double d = Double.parseDouble(text.trim());
          out = DoubleNode.valueOf(d);
          mac = GoFloat.plain(d).getBytes(StandardCharsets.UTF_8);
        }
        case "bool" -> {
          boolean b = goBool(text, where);
          out = BooleanNode.valueOf(b);
          mac = (b ? "True" : "False").getBytes(StandardCharsets.UTF_8);
        }
        case "comment" -> {
          // a comment in a value position: kept as text, and like every comment outside the MAC
          return TextNode.valueOf(text);
        }
        default ->
            throw new SopsException(
                "could not decrypt value at '" + where + "': unknown datatype " + plain.type());
      }
    } catch (NumberFormatException e) {
      throw new SopsException(
          "could not decrypt value at '" + where + "': its plaintext is not a " + plain.type());
    }
    if (path.size() == 1 && path.get(0).equals("data")) {
      rawData = plain.bytes();
    }
    hash.update(mac);
    return out;
  }

  /** SOPS' ToBytes for a value left in plain. */
  static byte[] bytes(JsonNode v) {
    String s;
    if (v.isBoolean()) {
      s = v.booleanValue() ? "True" : "False";
    } else if (v.isIntegralNumber()) {
      s = v.bigIntegerValue().toString();
    } else if (v.isNumber()) {
      s = GoFloat.plain(v.doubleValue());
    } else {
      s = v.asText();
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean goBool(String s, String where) throws SopsException {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new SopsException("could not decrypt value at '" + where + "': not a bool");
    };
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }
}
