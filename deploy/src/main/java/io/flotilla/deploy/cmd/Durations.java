package io.flotilla.deploy.cmd;

import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag holding a Go duration ({@code 5m}, {@code 1h30m}), as flux's flags do. */
final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("invalid duration \"" + value + "\"");
    }
  }
}
