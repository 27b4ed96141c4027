package com.yuelv.platform;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * What operators change at run time through an actuator endpoint: each change is logged by {@code com.yuelv.audit}
 * (who and what) and the latest are kept, newest first, for the endpoint to show (who, when, what). The log keeps
 * them all.
 */
public final class OperatorChanges {

	private static final Logger AUDIT = LoggerFactory.getLogger("com.yuelv.audit");

	private final String subject;
	private final int kept;
	private final Clock clock;
	private final Deque<Map<String, Object>> latest = new ArrayDeque<>();

	/**
	 * @param subject what is changed, for the log ({@code "Traffic control"})
	 * @param kept how many changes are kept to be shown
	 */
	public OperatorChanges(String subject, int kept, Clock clock) {
		this.subject = subject;
		this.kept = kept;
		this.clock = clock;
	}

	/** Records a change made by the endpoint's caller; returns the change. */
	public Map<String, Object> record(SecurityContext security, Map<String, Object> change) {
		var who = security.getPrincipal() != null ? security.getPrincipal().getName() : "anonymous";
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
		AUDIT.info("{} changed by {}: {}", subject, who, change);
		return change;
	}

	/** The latest changes, newest first. */
	public List<Map<String, Object>> latest() {
		synchronized (latest) {
			return new ArrayList<>(latest);
		}
	}
}
