package io.flotilla.cli;

import java.time.Duration;

import io.flotilla.plan.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values as operators write them: durations like {@code 2s} or {@code 1m30s},
 * shares like {@code 0.02} or {@code 2%}.
 */
final class Converters {

	private Converters() {
	}

	static class DurationConverter implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			try {
				return Durations.parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException(ex.getMessage());
			}
		}

	}

	static class ShareConverter implements ITypeConverter<Double> {

		@Override
		public Double convert(String value) {
			String text = value.trim();
			try {
				double share = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
						: Double.parseDouble(text);
				if (share < 0 || share > 1) {
					throw new TypeConversionException("'" + value + "' is not between 0 and 1 (or 0% and 100%)");
				}
				return share;
			}
			catch (NumberFormatException ex) {
				throw new TypeConversionException("'" + value + "' is not a share: write 0.02 or 2%");
			}
		}

	}

}
