package io.flotilla.api.flux.meta;

/** A reference to an object in the same namespace. */
public record LocalObjectReference(String name) {}
