package com.yuelv.platform.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/audit}: the audit trail for admins, newest first, filtered by {@code action}, {@code actor} or
 * {@code subject} and paged with {@code before} (the {@code next} of the previous page) and {@code limit} (at most
 * 200); {@code /actuator/audit/verification} walks the whole chain and says whether it is intact or where it breaks.
 */
@Endpoint(id = "audit")
public class AuditEndpoint {

	static final int MAX_LIMIT = 200;
	static final String VERIFICATION = "verification";

	private final AuditLog log;
	private final JsonMapper json;

	AuditEndpoint(AuditLog log, JsonMapper json) {
		this.log = log;
		this.json = json;
	}

	@ReadOperation
	public Map<String, Object> entries(@Nullable String action, @Nullable String actor, @Nullable String subject,
			@Nullable Long before, @Nullable Integer limit) {
		var size = limit == null ? 50 : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidEndpointRequestException("Bad limit " + size,
					"limit must be from 1 to %d, not %d".formatted(MAX_LIMIT, size));
		}
		var entries = log.find(new AuditLog.Query(action, actor, subject, before, size));
		var page = new LinkedHashMap<String, Object>();
		page.put("entries", AuditLog.shown(entries, json));
		page.put("next", entries.size() == size ? entries.getLast().seq() : null);
		return page;
	}

	@ReadOperation
	public AuditLog.Verification check(@Selector String check) {
		if (!check.equals(VERIFICATION)) {
			throw new InvalidEndpointRequestException("Unknown audit resource " + check,
					"the audit endpoint's only resource is " + VERIFICATION + ", not " + check);
		}
		return log.verify();
	}
}
