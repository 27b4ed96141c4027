package com.yuelv.payment.internal;

/** A payment's status as the provider tells it. */
enum ProviderStatus {
	PROCESSING, REQUIRES_ACTION, AUTHORISED, FAILED, CAPTURED, CANCELLED
}
