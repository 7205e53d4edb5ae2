package io.flotilla.controllers;

import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Sets a controller's log level at run time, as Azure's {@code <controller>.log-level} does: each
 * controller is the set of packages whose loggers it owns. Only logback can change levels of a
 * running process; with another slf4j binding {@link #set} answers false and nothing changes.
 * Reached by reflection so the controllers do not force a logging backend on their embedders.
 */
final class ControllersLogLevels {
  static final Map<String, List<String>> PACKAGES =
      Map.of(
          ControllersSettings.SOURCE,
          List.of(
              "io.flotilla.controllers.gitrepository",
              "io.flotilla.controllers.bucket",
              "io.flotilla.controllers.ocirepository",
              "io.flotilla.source"),
          ControllersSettings.KUSTOMIZE,
          List.of(
              "io.flotilla.controllers.kustomization",
              "io.flotilla.kustomize",
              "io.flotilla.apply"),
          ControllersSettings.HELM,
          List.of(
              "io.flotilla.controllers.helmrelease",
              "io.flotilla.controllers.helmchart",
              "io.flotilla.controllers.helmrepository",
              "io.flotilla.helm"),
          ControllersSettings.NOTIFICATION,
          List.of("io.flotilla.controllers.notification"),
          "fluxconfig-controller",
          List.of("io.flotilla.controllers.fluxconfig"),
          "fluxconfig-agent",
          List.of("io.flotilla.agent"));

  private ControllersLogLevels() {}

  /** Sets {@code level} (info, error, debug) on the controller's loggers; false if impossible. */
  static boolean set(String controller, String level) {
    Object factory = LoggerFactory.getILoggerFactory();
    if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
      return false;
    }
    try {
      Class<?> levelType =
          Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
      Object value = levelType.getMethod("toLevel", String.class).invoke(null, level);
      for (String name : PACKAGES.getOrDefault(controller, List.of())) {
        Object logger =
            factory.getClass().getMethod("getLogger", String.class).invoke(factory, name);
        logger.getClass().getMethod("setLevel", levelType).invoke(logger, value);
      }
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }
}
