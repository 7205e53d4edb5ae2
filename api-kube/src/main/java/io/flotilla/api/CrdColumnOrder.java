package io.flotilla.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step run after fabric8's CRD generator (which sorts {@code additionalPrinterColumns} by
 * JSON path): puts each generated CRD's columns back in the order its type declares them, since
 * {@code kubectl get} prints them in CRD order. Argument: the classes directory.
 */
public final class CrdColumnOrder {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private CrdColumnOrder() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    Path classes = Path.of(args[0]);
    for (Class<?> type : customResources(classes)) {
      AdditionalPrinterColumn[] declared = declared(type);
      if (declared.length < 2) {
        continue;
      }
      @SuppressWarnings("unchecked")
      String name = CustomResource.getCRDName((Class<? extends CustomResource<?, ?>>) type);
      Path file = classes.resolve("META-INF/fabric8/" + name + "-v1.yml");
      ObjectNode crd = (ObjectNode) YAML.readTree(file.toFile());
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.get("additionalPrinterColumns") instanceof ArrayNode columns) {
          ((ObjectNode) version).set("additionalPrinterColumns", inOrder(columns, declared));
        }
      }
      YAML.writeValue(file.toFile(), crd);
    }
  }

  /** The columns in the order of the annotations (matched by name); any others after them. */
  static ArrayNode inOrder(ArrayNode columns, AdditionalPrinterColumn[] declared) {
    List<JsonNode> rest = new ArrayList<>();
    columns.forEach(rest::add);
    ArrayNode out = YAML.createArrayNode();
    for (AdditionalPrinterColumn a : declared) {
      for (JsonNode c : List.copyOf(rest)) {
        if (a.name().equals(c.path("name").asText())) {
          out.add(c);
          rest.remove(c);
          break;
        }
      }
    }
    rest.forEach(out::add);
    return out;
  }

  /**
   * The type's own columns, then its superclasses' (such as {@code FluxResource}'s), the order in
   * which the generator collects them; or as its {@link PrinterColumnOrder} lists them.
   */
  static AdditionalPrinterColumn[] declared(Class<?> type) {
    List<AdditionalPrinterColumn> out = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      out.addAll(List.of(c.getAnnotationsByType(AdditionalPrinterColumn.class)));
    }
    PrinterColumnOrder order = type.getAnnotation(PrinterColumnOrder.class);
    if (order == null) {
      return out.toArray(AdditionalPrinterColumn[]::new);
    }
    List<AdditionalPrinterColumn> ordered = new ArrayList<>();
    for (String name : order.value()) {
      AdditionalPrinterColumn column =
          out.stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "@PrinterColumnOrder of "
                              + type.getSimpleName()
                              + " names column "
                              + name
                              + ", which it neither declares nor inherits"));
      ordered.add(column);
    }
    if (new HashSet<>(ordered).size() != out.size()) {
      throw new IllegalStateException(
          "@PrinterColumnOrder of "
              + type.getSimpleName()
              + " must list each of its "
              + out.size()
              + " columns once: "
              + out.stream().map(AdditionalPrinterColumn::name).toList());
    }
    return ordered.toArray(AdditionalPrinterColumn[]::new);
  }

  private static List<Class<?>> customResources(Path classes)
      throws IOException, ClassNotFoundException {
    List<Class<?>> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path p : files) {
      String rel = classes.relativize(p).toString();
      String className = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
      if (className.contains("$") || className.startsWith("META-INF")) {
        continue;
      }
      Class<?> c = Class.forName(className, false, CrdColumnOrder.class.getClassLoader());
      if (CustomResource.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
        out.add(c);
      }
    }
    return out;
  }
}
