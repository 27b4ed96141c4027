package com.yuelv.platform.web;

import java.beans.PropertyEditor;
import java.beans.PropertyEditorSupport;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * How every query and path parameter is read, for every controller: whole numbers in decimal digits (no sign but
 * {@code -}, no hexadecimal, no spaces), decimals likewise (no {@code 0x1p3}, {@code NaN} or {@code Infinity}),
 * calendar dates as {@code yyyy-MM-dd} between the years 1 and 9999 (a date-time is refused, not cut to its date) and
 * identifiers in the canonical UUID form. Spring's defaults are more forgiving than a contract should be: they read
 * {@code 0x10} as 16 and {@code 1-1-1-1-1} as a UUID. A refusal is a 400 naming the parameter and the rule.
 */
@ControllerAdvice
class StrictParameters {

	static final String WHOLE_RULE = "must be a whole number written in decimal digits";
	static final String DECIMAL_RULE = "must be a decimal number such as 12.5";
	static final String DATE_RULE = "must be a calendar date written yyyy-MM-dd, from 0001-01-01 to 9999-12-31";
	static final String UUID_RULE = "must be a UUID such as 3f2b8c1e-7a4d-4e6b-9c0a-5d1e2f3a4b5c";

	private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");
	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,18})?");
	private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
	private static final Pattern CANONICAL_UUID = Pattern.compile(
			"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/** The parameter's text breaks the rule its type has; the message is the rule, in the API's words. */
	static final class Malformed extends IllegalArgumentException {
		Malformed(String rule) {
			super(rule, null);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	}

	/**
	 * Editors rather than converters: Spring falls back to its lenient property editors when a converter refuses a
	 * value, so a refusal must come from the editor itself.
	 */
	@InitBinder
	void strictParameters(WebDataBinder binder) {
		var integer = editor(text -> {
			var value = whole(text);
			if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
				throw new Malformed("must be a whole number from %d to %d".formatted(Integer.MIN_VALUE,
						Integer.MAX_VALUE));
			}
			return (int) value;
		});
		binder.registerCustomEditor(int.class, integer);
		binder.registerCustomEditor(Integer.class, integer);
		var longs = editor(StrictParameters::whole);
		binder.registerCustomEditor(long.class, longs);
		binder.registerCustomEditor(Long.class, longs);
		var doubles = editor(text -> decimal(text).doubleValue());
		binder.registerCustomEditor(double.class, doubles);
		binder.registerCustomEditor(Double.class, doubles);
		binder.registerCustomEditor(BigDecimal.class, editor(StrictParameters::decimal));
		binder.registerCustomEditor(LocalDate.class, editor(text -> {
			var date = calendarDate(text);
			if (date == null) {
				throw new Malformed(DATE_RULE);
			}
			return date;
		}));
		binder.registerCustomEditor(UUID.class, editor(text -> {
			if (!CANONICAL_UUID.matcher(text).matches()) {
				throw new Malformed(UUID_RULE);
			}
			return UUID.fromString(text);
		}));
	}

	private static PropertyEditor editor(Function<String, Object> parse) {
		return new PropertyEditorSupport() {
			@Override
			public void setAsText(String text) {
				setValue(parse.apply(text));
			}
		};
	}

	static long whole(String text) {
		if (!WHOLE.matcher(text).matches()) {
			throw new Malformed(WHOLE_RULE);
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException tooLarge) {
			throw new Malformed("must be a whole number from %d to %d".formatted(Long.MIN_VALUE, Long.MAX_VALUE));
		}
	}

	static BigDecimal decimal(String text) {
		if (!DECIMAL.matcher(text).matches()) {
			throw new Malformed(DECIMAL_RULE);
		}
		return new BigDecimal(text);
	}

	/** The date {@code yyyy-MM-dd} names, or {@code null} when the text is not such a date (or not a real day). */
	static @Nullable LocalDate calendarDate(String text) {
		if (!DATE.matcher(text).matches()) {
			return null;
		}
		try {
			var date = LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
					Integer.parseInt(text, 8, 10, 10));
			return date.getYear() >= 1 ? date : null;
		}
		catch (DateTimeException notADay) {
			return null;
		}
	}
}
