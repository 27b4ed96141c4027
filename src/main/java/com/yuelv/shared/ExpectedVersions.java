package com.yuelv.shared;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The versions of an aggregate a caller's change is conditional on, as an {@code If-Match} header names them by the
 * entity tags the API sends ({@code "7"} for version 7). No header, or {@code *}, holds for any version; a weak tag
 * ({@code W/"7"}) never matches, since {@code If-Match} compares strongly.
 *
 * @param versions the versions the change may apply to; {@code null} for any
 */
public record ExpectedVersions(@Nullable Set<Long> versions) {

	public static final ExpectedVersions ANY = new ExpectedVersions(null);

	public ExpectedVersions {
		versions = versions == null ? null : Set.copyOf(versions);
	}

	/**
	 * Reads an {@code If-Match} header.
	 *
	 * @throws Rejection naming the header when it is not a list of entity tags
	 */
	public static ExpectedVersions ifMatch(@Nullable String header) {
		if (header == null || header.isBlank() || header.strip().equals("*")) {
			return ANY;
		}
		var versions = new HashSet<Long>();
		for (var part : header.split(",", -1)) {
			var tag = part.strip();
			if (tag.startsWith("W/\"") && tag.endsWith("\"") && tag.length() >= 4) {
				continue;
			}
			if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
				throw Rejection.invalid("If-Match", "entity-tags", "must be * or a list of entity tags such as \"3\"");
			}
			var inner = tag.substring(1, tag.length() - 1);
			if (inner.chars().allMatch(c -> c >= '0' && c <= '9') && inner.length() <= 18) {
				versions.add(Long.parseLong(inner));
			}
		}
		return new ExpectedVersions(versions);
	}

	/**
	 * @throws Rejection {@code precondition-failed} when the aggregate's current version is not one expected
	 */
	public void check(long current, String what) {
		if (versions != null && !versions.contains(current)) {
			throw Rejection.preconditionFailed("precondition-failed",
					"%s is at version %d, which If-Match does not name; read it again.".formatted(what, current));
		}
	}
}
