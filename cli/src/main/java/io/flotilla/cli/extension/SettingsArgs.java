package io.flotilla.cli.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.arm.ArmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration-settings family shared by create and update. */
final class SettingsArgs {
  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  @Option(
      names = {"--configuration-settings", "--config"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      description = "Configuration Settings as key=value pair. Repeat parameter for each setting")
  java.util.List<String> settings;

  @Option(
      names = {"--config-protected-settings", "--config-protected"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      description =
          "Configuration Protected Settings as key=value pair. Repeat parameter for each setting")
  java.util.List<String> protectedSettings;

  @Option(
      names = {"--config-settings-file", "--config-file"},
      description = "JSON file path for configuration-settings")
  Path settingsFile;

  @Option(
      names = {"--config-protected-settings-file", "--config-protected-file"},
      description = "JSON file path for configuration-protected settings")
  Path protectedSettingsFile;

  boolean anyGiven() {
    return settings != null
        || protectedSettings != null
        || settingsFile != null
        || protectedSettingsFile != null;
  }

  Map<String, String> settings() {
    return merge(
        settingsFile,
        settings,
        typed("--configuration-settings", "--config"),
        "configuration_setting_key=configuration_setting_value");
  }

  Map<String, String> protectedSettings() {
    return merge(
        protectedSettingsFile,
        protectedSettings,
        typed("--config-protected-settings", "--config-protected"),
        "configuration_protected_setting_key=configuration_protected_setting_value");
  }

  /** The alias the user typed, as argparse's option_string names it in az's usage errors. */
  private String typed(String longName, String alias) {
    String found = longName;
    if (mixee != null && mixee.commandLine() != null) {
      var parsed = mixee.commandLine().getParseResult();
      if (parsed != null) {
        for (String arg : parsed.originalArgs()) {
          if (arg.equals(longName) || arg.equals(alias)) found = arg;
        }
      }
    }
    return found;
  }

  void checkExclusive() {
    if (settings != null && settingsFile != null) {
      throw CliException.error(
          "Error! Both configuration-settings and configuration-settings-file cannot be"
              + " provided.");
    }
    if (protectedSettings != null && protectedSettingsFile != null) {
      throw CliException.error(
          "Error! Both configuration-protected-settings and"
              + " configuration-protected-settings-file cannot be provided.");
    }
  }

  /** az reads the file first, then the key=value pairs win. Null when neither was given. */
  private static Map<String, String> merge(
      Path file, java.util.List<String> pairs, String option, String form) {
    if (file == null && pairs == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (file != null) {
      out.putAll(readSettingsFile(file));
    }
    if (pairs != null) {
      out.putAll(parsePairs(pairs, option, form));
    }
    return out;
  }

  /**
   * az's AddConfigurationSettings action: {@code key=value}, split on the first '='; a token
   * without one is a CLIError (exit 1) naming the option as typed.
   */
  static Map<String, String> parsePairs(java.util.List<String> pairs, String option, String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : pairs) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        throw CliException.error("Usage error: " + option + " " + form);
      }
      out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return out;
  }

  /** A JSON object of settings; values are kept as strings. */
  static Map<String, String> readSettingsFile(Path file) {
    JsonNode json;
    try {
      if (Files.size(file) > 1024 * 1024) {
        throw CliException.error("File " + file + " is larger than 1 MiB");
      }
      json = ArmClient.JSON.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CliException.error("File " + file + " is not a valid JSON file");
    } catch (IOException e) {
      throw CliException.error("File " + file + " could not be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw CliException.error("File " + file + " is not a valid JSON file");
    }
    if (json.isEmpty()) {
      throw CliException.error("File " + file + " is empty");
    }
    Map<String, String> out = new LinkedHashMap<>();
    json.fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }
}
