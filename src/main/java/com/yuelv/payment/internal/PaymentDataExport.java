package com.yuelv.payment.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/**
 * Payment's part of an export: the payments the person made or received, their refunds and the payouts to them. No
 * card data: the platform never held any.
 */
@Component
class PaymentDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;

	PaymentDataExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "payment";
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		data.put("payments", jdbc.sql("""
				select id, payer_id, payee_id, amount_minor, currency, description, status, captured_minor,
				       refunded_minor, created_at, updated_at
				from payment.intents where payer_id = ? or payee_id = ? order by created_at""")
			.params(person.value(), person.value()).query().listOfRows());
		data.put("refunds", jdbc.sql("""
				select r.id, r.payment_id, r.percent, r.reason, r.status, r.amount_minor, r.requested_at, r.decided_at
				from payment.refunds r join payment.intents i on i.id = r.payment_id
				where i.payer_id = ? or i.payee_id = ? order by r.requested_at""")
			.params(person.value(), person.value()).query().listOfRows());
		data.put("payouts", jdbc.sql("select id, payment_id, currency, amount_minor from payment.payouts "
				+ "where payee_id = ? order by id").param(person.value()).query().listOfRows());
		return data;
	}
}
