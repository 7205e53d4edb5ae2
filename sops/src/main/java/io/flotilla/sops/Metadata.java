package io.flotilla.sops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A document's {@code sops} metadata: the key groups holding the encrypted data key, the encryption
 * rules that decide which values are encrypted, and the encrypted MAC with the time it was made.
 */
record Metadata(
    List<List<MasterKey>> keyGroups,
    int shamirThreshold,
    String lastModified,
    String mac,
    Rules rules,
    String version) {

  /** SOPS' default when a document names no rule. */
  static final String DEFAULT_UNENCRYPTED_SUFFIX = "_unencrypted";

  private static final DateTimeFormatter GO_RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  /** Which values SOPS encrypted: at most one rule is set, as {@code sops} enforces. */
  record Rules(
      String unencryptedSuffix,
      String encryptedSuffix,
      Pattern unencryptedRegex,
      Pattern encryptedRegex,
      Pattern unencryptedCommentRegex,
      Pattern encryptedCommentRegex,
      boolean macOnlyEncrypted) {

    /** SOPS' shouldBeEncrypted for a leaf at {@code path} (keys only; list items add none). */
    boolean encrypted(List<String> path) {
      boolean encrypted = true;
      if (!unencryptedSuffix.isEmpty()
          && path.stream().anyMatch(k -> k.endsWith(unencryptedSuffix))) {
        encrypted = false;
      }
      if (!encryptedSuffix.isEmpty()) {
        encrypted = path.stream().anyMatch(k -> k.endsWith(encryptedSuffix));
      }
      if (unencryptedRegex != null
          && path.stream().anyMatch(k -> unencryptedRegex.matcher(k).find())) {
        encrypted = false;
      }
      if (encryptedRegex != null) {
        encrypted = path.stream().anyMatch(k -> encryptedRegex.matcher(k).find());
      }
      return encrypted;
    }

    /**
     * The comment rules decide by the comments above a value, which the readers here drop; with
     * them a value is taken as encrypted when it is an ENC[…] value.
     */
    boolean byComments() {
      return unencryptedCommentRegex != null || encryptedCommentRegex != null;
    }
  }

  static Metadata from(JsonNode sops) throws SopsException {
    if (sops == null || !sops.isObject()) {
      throw new SopsException("sops metadata not found");
    }
    List<List<MasterKey>> groups = new ArrayList<>();
    JsonNode keyGroups = sops.path("key_groups");
    if (keyGroups.isArray() && !keyGroups.isEmpty()) {
      for (JsonNode g : keyGroups) {
        groups.add(keys(g));
      }
    } else {
      groups.add(keys(sops));
    }
    String lastModified = text(sops, "lastmodified");
    String mac = text(sops, "mac");
    Rules rules = rules(sops);
    int threshold = sops.path("shamir_threshold").asInt(0);
    return new Metadata(
        groups, threshold, goRfc3339(lastModified), mac, rules, text(sops, "version"));
  }

  private static List<MasterKey> keys(JsonNode group) {
    List<MasterKey> out = new ArrayList<>();
    for (JsonNode k : group.path("age")) {
      out.add(new MasterKey.Age(text(k, "recipient"), text(k, "enc")));
    }
    for (JsonNode k : group.path("pgp")) {
      out.add(new MasterKey.Pgp(text(k, "fp"), text(k, "enc")));
    }
    for (JsonNode k : group.path("azure_kv")) {
      out.add(
          new MasterKey.AzureKv(
              text(k, "vault_url"), text(k, "name"), text(k, "version"), text(k, "enc")));
    }
    for (JsonNode k : group.path("hc_vault")) {
      out.add(
          new MasterKey.HcVault(
              text(k, "vault_address"),
              text(k, "engine_path"),
              text(k, "key_name"),
              text(k, "enc")));
    }
    for (JsonNode k : group.path("kms")) {
      out.add(new MasterKey.Unsupported("kms", text(k, "arn"), text(k, "enc")));
    }
    for (JsonNode k : group.path("gcp_kms")) {
      out.add(new MasterKey.Unsupported("gcp_kms", text(k, "resource_id"), text(k, "enc")));
    }
    return out;
  }

  private static Rules rules(JsonNode sops) throws SopsException {
    String[] names = {
      "unencrypted_suffix",
      "encrypted_suffix",
      "unencrypted_regex",
      "encrypted_regex",
      "unencrypted_comment_regex",
      "encrypted_comment_regex"
    };
    int set = 0;
    for (String n : names) {
      if (!text(sops, n).isEmpty()) {
        set++;
      }
    }
    if (set > 1) {
      throw new SopsException(
          "sops metadata sets more than one of encrypted_suffix, unencrypted_suffix,"
              + " encrypted_regex, unencrypted_regex, encrypted_comment_regex and"
              + " unencrypted_comment_regex; sops allows one");
    }
    String unencryptedSuffix = text(sops, "unencrypted_suffix");
    if (set == 0) {
      unencryptedSuffix = DEFAULT_UNENCRYPTED_SUFFIX;
    }
    return new Rules(
        unencryptedSuffix,
        text(sops, "encrypted_suffix"),
        regex(sops, "unencrypted_regex"),
        regex(sops, "encrypted_regex"),
        regex(sops, "unencrypted_comment_regex"),
        regex(sops, "encrypted_comment_regex"),
        sops.path("mac_only_encrypted").asBoolean(false)
            || "true".equalsIgnoreCase(sops.path("mac_only_encrypted").asText()));
  }

  private static Pattern regex(JsonNode sops, String field) throws SopsException {
    String re = text(sops, field);
    if (re.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new SopsException("sops metadata " + field + " is not a valid regular expression");
    }
  }

  /** The time as Go's time.RFC3339 prints it after parsing: the MAC's additional data. */
  static String goRfc3339(String value) throws SopsException {
    if (value.isEmpty()) {
      return value;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(value);
      return GO_RFC3339.format(t);
    } catch (DateTimeParseException e) {
      throw new SopsException("sops metadata lastmodified '" + value + "' is not an RFC 3339 time");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
