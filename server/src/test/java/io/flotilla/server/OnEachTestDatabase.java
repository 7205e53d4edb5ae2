package io.flotilla.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the annotated IT once per database of {@link TestDatabases#all}, its URL given to the
 * class's {@code @Parameter String databaseUrl}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass
@MethodSource("io.flotilla.server.TestDatabases#all")
@interface OnEachTestDatabase {}
