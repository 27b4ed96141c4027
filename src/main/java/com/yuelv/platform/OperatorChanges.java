package com.yuelv.platform;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;

import com.yuelv.shared.AuditTrail;

/**
 * What operators change at run time through an actuator endpoint: each change is recorded in the audit trail (who and
 * what) and the latest are kept, newest first, for the endpoint to show (who, when, what). The trail keeps them all.
 */
public final class OperatorChanges {

	private final String action;
	private final int kept;
	private final Clock clock;
	private final AuditTrail audit;
	private final Deque<Map<String, Object>> latest = new ArrayDeque<>();

	/**
	 * @param action the audit trail's name for such a change ({@code dead-letter-replayed})
	 * @param kept how many changes are kept to be shown
	 */
	public OperatorChanges(String action, int kept, Clock clock, AuditTrail audit) {
		this.action = action;
		this.audit = audit;
		this.kept = kept;
		this.clock = clock;
	}

	/** Records a change made by the endpoint's caller; returns the change. */
	public Map<String, Object> record(SecurityContext security, Map<String, Object> change) {
		var who = caller(security);
		var entry = new LinkedHashMap<String, Object>();
		entry.put("who", who);
		entry.put("when", clock.instant().toString());
		entry.put("what", change);
		synchronized (latest) {
			latest.addFirst(entry);
			if (latest.size() > kept) {
				latest.removeLast();
			}
		}
		audit.record(action, actor(who), null, change);
		return change;
	}

	/** The name of an actuator endpoint's caller: the token's subject, an account's id. */
	public static String caller(SecurityContext security) {
		return security.getPrincipal() != null ? security.getPrincipal().getName() : "anonymous";
	}

	/** The audit trail's actor for an operator known by the name of the token's subject, an account's id. */
	public static String actor(String principal) {
		return principal.equals("anonymous") ? principal : "account:" + principal;
	}

	/** The latest changes, newest first. */
	public List<Map<String, Object>> latest() {
		synchronized (latest) {
			return new ArrayList<>(latest);
		}
	}
}
