package com.yuelv.platform.web;

import java.time.LocalDate;
import java.util.regex.Pattern;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON as the contract reads it, for every body the API takes (and every message the deployments exchange):
 * <ul>
 * <li>a member appears once in an object (a second {@code password} is refused, not the last one taken);</li>
 * <li>JSON types are kept: a number where text is expected is refused, as is text where a number or a boolean is
 * expected ({@code spring.jackson.mapper.allow-coercion-of-scalars: false} covers the second half), a fraction
 * ({@code 2.5}, {@code 2.0}) where a whole number is expected, and a leading {@code +};</li>
 * <li>text is well-formed Unicode: an escaped lone surrogate ({@code "\ud800"}) is refused;</li>
 * <li>a date is an ISO-8601 calendar date and nothing else ({@code 2027-05-01}; a date-time is not cut to its date).</li>
 * </ul>
 * The API speaks JSON only: the converters for YAML, XML, CBOR and Smile that Spring would add for the libraries on
 * the class path are left out, so no endpoint reads or writes those.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput implements WebMvcConfigurer {

	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		var module = new SimpleModule("yuelv-strict-json")
				.addDeserializer(String.class, new WellFormedText())
				.addDeserializer(LocalDate.class, new CalendarDate());
		return builder -> builder
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.disable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
				.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
				.addModule(module)
				.withCoercionConfig(LogicalType.Textual, config -> config
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Integer, config -> config
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
	}

	/** Converters of other formats, told by name: their classes may not load without their libraries. */
	private static final Pattern NOT_JSON = Pattern.compile(".*(Yaml|Xml|Jaxb|Cbor|Smile|Protobuf)\\w*MessageConverter");

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList(converters -> converters.removeIf(StrictJsonInput::notJson));
	}

	private static boolean notJson(HttpMessageConverter<?> converter) {
		return NOT_JSON.matcher(converter.getClass().getSimpleName()).matches();
	}

	/** Text with every surrogate paired, as JSON's escapes could otherwise smuggle in. */
	static final class WellFormedText extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			var text = super.deserialize(parser, context);
			if (text != null && !isWellFormed(text)) {
				throw context.weirdStringException("(text with an unpaired surrogate)", String.class,
						"must be well-formed Unicode text");
			}
			return text;
		}

		static boolean isWellFormed(String text) {
			for (var i = 0; i < text.length(); i++) {
				var c = text.charAt(i);
				if (Character.isHighSurrogate(c)) {
					if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
						return false;
					}
					i++;
				}
				else if (Character.isLowSurrogate(c)) {
					return false;
				}
			}
			return true;
		}
	}

	/** A calendar date written {@code yyyy-MM-dd}, as {@link StrictParameters} reads one in a URL. */
	static final class CalendarDate extends ValueDeserializer<LocalDate> {

		@Override
		public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
			}
			var text = parser.getString();
			var date = StrictParameters.calendarDate(text);
			if (date == null) {
				throw context.weirdStringException("(not a calendar date)", LocalDate.class,
						StrictParameters.DATE_RULE);
			}
			return date;
		}

		@Override
		public Class<?> handledType() {
			return LocalDate.class;
		}
	}
}
