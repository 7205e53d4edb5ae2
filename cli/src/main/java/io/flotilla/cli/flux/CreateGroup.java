package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code flux create}: its flags apply to every create subcommand, as cobra's persistent ones. */
@Command(name = "create", description = "The create sub-commands generate sources and resources.")
final class CreateGroup extends io.flotilla.cli.Groups.Group {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9\\-]){0,61}[a-z0-9]$");
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");

  @Option(
      names = "--interval",
      scope = ScopeType.INHERIT,
      defaultValue = "1m0s",
      converter = FluxGroup.DurationConverter.class,
      description = "source sync interval")
  Duration interval;

  @Option(
      names = "--export",
      scope = ScopeType.INHERIT,
      description = "export in YAML format to stdout")
  boolean export;

  @Option(
      names = "--label",
      scope = ScopeType.INHERIT,
      split = ",",
      description =
          "set labels on the resource (can specify multiple labels with commas:"
              + " label1=value1,label2=value2)")
  List<String> labels = new ArrayList<>();

  /** flux checks the name before anything else runs. */
  static String checkName(String name) {
    if (name == null) {
      throw new FluxException("name is required");
    }
    if (!NAME.matcher(name).matches()) {
      throw new FluxException(
          "name '"
              + name
              + "' is invalid, it should adhere to standard defined in RFC 1123, the name can only"
              + " contain alphanumeric characters or '-'");
    }
    return name;
  }

  /** {@code --label k=v}, checked as Kubernetes checks label keys and values. */
  ObjectNode labels() {
    ObjectNode out = Kube.JSON.createObjectNode();
    for (String label : labels) {
      String[] parts = label.split("=", -1);
      if (parts.length != 2) {
        throw new FluxException("invalid label format '" + label + "', must be key=value");
      }
      if (!QUALIFIED.matcher(parts[0]).matches()) {
        throw new FluxException(
            "invalid label '"
                + parts[0]
                + "': [name part must consist of alphanumeric characters, '-', '_' or '.', and"
                + " must start and end with an alphanumeric character]");
      }
      if (!LABEL_VALUE.matcher(parts[1]).matches()) {
        throw new FluxException(
            "invalid label value '"
                + parts[1]
                + "': [a valid label must be an empty string or consist of alphanumeric"
                + " characters, '-', '_' or '.', and must start and end with an alphanumeric"
                + " character]");
      }
      out.put(parts[0], parts[1]);
    }
    return out;
  }

  /** A new object of a kind: apiVersion, kind, name, namespace, labels; the caller adds spec. */
  ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode o = Kube.JSON.createObjectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    ObjectNode labels = labels();
    if (!labels.isEmpty()) {
      meta.set("labels", labels);
    }
    return o;
  }
}
