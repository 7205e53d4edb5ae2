/**
 * What az writes: {@code -o json|jsonc|yaml|yamlc|table|tsv|none} and {@code --query} ({@code
 * Output}), Python's json and PyYAML spellings ({@code PyJson}, {@code PyYaml}; the indented JSON
 * layout Go's json shares, {@code IndentedJson}), az's tables, colour ({@code Ansi}) and whether
 * the streams are terminals ({@code Terminal}).
 */
package io.flotilla.cli.output;
