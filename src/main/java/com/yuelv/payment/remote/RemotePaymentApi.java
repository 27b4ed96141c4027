package com.yuelv.payment.remote;

import java.util.UUID;

import com.yuelv.payment.PaymentApi;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Dependencies;

/**
 * The payment module's API in a deployment that does not run it: each call goes to the deployment that does, guarded
 * as the dependency {@value #DEPENDENCY} (time limit, bulkhead, circuit breaker). When that deployment cannot be
 * reached the call fails; the booking saga's step that made it stays in the outbox and is made again later.
 */
public class RemotePaymentApi implements PaymentApi {

	/** Name of the guarded dependency, also the key of its settings under {@code yuelv.resilience.dependencies}. */
	public static final String DEPENDENCY = "payment";

	private final PaymentApiHttp http;
	private final Dependencies dependencies;

	public RemotePaymentApi(PaymentApiHttp http, Dependencies dependencies) {
		this.http = http;
		this.dependencies = dependencies;
	}

	@Override
	public void open(PaymentRequest request) {
		call(() -> http.open(request));
	}

	@Override
	public void capture(PaymentId id) {
		call(() -> http.capture(id.value()));
	}

	@Override
	public void cancel(PaymentId id, String reason) {
		call(() -> http.cancel(id.value(), new PaymentApiHttp.Reason(reason)));
	}

	@Override
	public void refund(PaymentId id, UUID refundKey, int percent, String reason) {
		call(() -> http.refund(id.value(), new PaymentApiHttp.RefundOrder(refundKey, percent, reason)));
	}

	private void call(Runnable call) {
		dependencies.call(DEPENDENCY, () -> {
			call.run();
			return Boolean.TRUE;
		}, java.util.Optional::empty);
	}
}
