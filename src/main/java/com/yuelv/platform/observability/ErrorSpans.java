package com.yuelv.platform.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Sends the spans the sampling left out that ended in an error: a request answered with a 5xx, a call or an event
 * handler that failed. They carry {@value ErrorKeepingSampler#UNSAMPLED}, since the other spans of their trace may
 * not have been kept. Sampled spans take Spring Boot's own exporting processor; this one looks at the others only.
 */
final class ErrorSpans implements SpanProcessor {

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
	private static final AttributeKey<String> EXCEPTION = AttributeKey.stringKey("exception");
	private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");

	private final SpanProcessor export;

	/** @param exporter shared with Spring Boot's processor, which shuts it down */
	ErrorSpans(SpanExporter exporter) {
		this.export = BatchSpanProcessor.builder(new Shared(exporter)).setExportUnsampledSpans(true).build();
	}

	/** The exporter, left open when this processor shuts down. */
	private record Shared(SpanExporter exporter) implements SpanExporter {

		@Override
		public CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
			return exporter.export(spans);
		}

		@Override
		public CompletableResultCode flush() {
			return exporter.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (!span.getSpanContext().isSampled() && failed(span)) {
			export.onEnd(span);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	static boolean failed(ReadableSpan span) {
		var outcome = span.getAttribute(OUTCOME);
		if ("SERVER_ERROR".equals(outcome) || "failed".equals(outcome)) {
			return true;
		}
		var exception = span.getAttribute(EXCEPTION);
		if (exception != null && !exception.equals("none")) {
			return true;
		}
		var error = span.getAttribute(ERROR);
		return error != null && !error.equals("none");
	}

	@Override
	public CompletableResultCode shutdown() {
		return export.shutdown();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return export.forceFlush();
	}
}
