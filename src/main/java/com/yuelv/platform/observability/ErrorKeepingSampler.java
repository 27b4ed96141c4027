package com.yuelv.platform.observability;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The configured sampling ({@code management.tracing.sampling.probability}, a trace's first span deciding for all of
 * it), except that a span left out is still recorded, marked {@value #UNSAMPLED}, rather than dropped: if it ends in
 * an error, {@link ErrorSpans} sends it all the same.
 */
final class ErrorKeepingSampler implements Sampler {

	static final String UNSAMPLED = "yuelv.unsampled";
	private static final SamplingResult RECORD_ONLY = SamplingResult.create(SamplingDecision.RECORD_ONLY,
			Attributes.of(AttributeKey.booleanKey(UNSAMPLED), true));

	private final Sampler sampling;

	ErrorKeepingSampler(double probability) {
		this.sampling = Sampler.parentBased(Sampler.traceIdRatioBased(probability));
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		var result = sampling.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
		return result.getDecision() == SamplingDecision.DROP ? RECORD_ONLY : result;
	}

	@Override
	public String getDescription() {
		return "ErrorKeeping{" + sampling.getDescription() + "}";
	}
}
