package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who embeds the kustomize library without Helm (an optional dependency) gets plain builds,
 * and a clear error for {@code helmCharts} instead of a NoClassDefFoundError.
 */
class WithoutHelmTest {
  @TempDir Path root;

  @Test
  void helmChartsWithoutHelmOnTheClasspathFailWithAMessageAndPlainBuildsWork() throws Exception {
    Files.writeString(root.resolve("kustomization.yaml"), "helmCharts: [{name: web}]\n");
    Path plain = Files.createDirectories(root.resolve("plain"));
    Files.writeString(plain.resolve("kustomization.yaml"), "resources: [cm.yaml]\n");
    Files.writeString(
        plain.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");

    try (var loader = new HelmHidingLoader()) {
      assertThat(loader.build(root, plain)).contains("name: c");
      assertThat(loader.build(root, root))
          .isEqualTo(
              "KustomizeException: helmCharts needs Helm, which is not on the classpath: add the"
                  + " dependency com.marcnuri.helm-java:helm-java (Flotilla's CLI and controllers"
                  + " have it)");
    }
  }

  /**
   * Defines kustomize's own classes afresh (so they resolve Helm through this loader), refuses
   * Helm's, and leaves everything else to the test's loader: as if helm-java were absent.
   */
  private static final class HelmHidingLoader extends ClassLoader implements AutoCloseable {
    private static final String OWN = "io.flotilla.kustomize.";

    HelmHidingLoader() {
      super(WithoutHelmTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("com.marcnuri.")) {
          throw new ClassNotFoundException(name);
        }
        if (!name.startsWith(OWN)) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in =
              getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }

    @Override
    public void close() {}

    /** The build's YAML, or the simple name and message of what it threw. */
    String build(Path root, Path dir) throws ReflectiveOperationException {
      Class<?> options = loadClass(KustomizeOptions.class.getName());
      Object enabled =
          options
              .getMethod("withEnableHelm", boolean.class)
              .invoke(options.getMethod("defaults").invoke(null), true);
      Class<?> kustomizer = loadClass(Kustomizer.class.getName());
      Object k = kustomizer.getMethod("create", options).invoke(null, enabled);
      try {
        return (String)
            kustomizer.getMethod("buildYaml", Path.class, Path.class).invoke(k, root, dir);
      } catch (InvocationTargetException e) {
        return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
      }
    }
  }
}
