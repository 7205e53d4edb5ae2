package io.flotilla.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The order {@code kubectl get} prints a kind's columns in, by name, where the default (the kind's
 * own columns, then those it inherits) is not Flux's: for example {@code Age} last. {@link
 * CrdColumnOrder} applies it at build and fails on a name the kind does not declare or inherit.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PrinterColumnOrder {
  String[] value();
}
