package com.yuelv.build.split;

import java.util.ArrayList;
import java.util.List;

import com.yuelv.platform.overload.Priority;

/**
 * The priority class the edge gives each request: the application's own ranking ({@link Priority#of}) applied to
 * every operation of its controllers, so that the edge and the application's load shedding cannot disagree on what a
 * booking or a refresh is. Only the exceptions are listed; everything else is normal.
 */
public final class EdgePriorities {

	/**
	 * Requests of this priority: the method (a regular expression over the method, {@code (GET|HEAD)} for reads, as
	 * Spring answers HEAD wherever it answers GET) and an anchored regular expression over the path.
	 */
	public record Rule(String method, String path, Priority priority) {}

	private EdgePriorities() {}

	/** The rules for the operations that are not of normal priority, in the operations' order. */
	public static List<Rule> of(List<Endpoints.Operation> operations) {
		var rules = new ArrayList<Rule>();
		for (var operation : operations) {
			// a path variable stands for one segment; which segment it is does not change the priority
			var priority = Priority.of(operation.method(), operation.pattern().replaceAll("\\{[^/}]+}", "0"));
			if (priority != null && priority != Priority.NORMAL) {
				var method = operation.method().equals("GET") ? "(GET|HEAD)" : operation.method();
				rules.add(new Rule(method, EdgeRoutes.regex(operation.pattern()), priority));
			}
		}
		return List.copyOf(rules);
	}
}
