package com.yuelv.build.split;

import java.nio.file.Path;
import java.util.List;

/**
 * A topology file, or the data placement file, that breaks one or more rules; the message names the file and every
 * offending entry.
 */
public class InvalidTopologyException extends RuntimeException {

	private final List<String> problems;

	InvalidTopologyException(Path file, List<String> problems) {
		this(file, "topology", problems);
	}

	InvalidTopologyException(Path file, String what, List<String> problems) {
		super(file + " is not a valid " + what + ":\n  - " + String.join("\n  - ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem as "entry: what is wrong". */
	public List<String> problems() {
		return problems;
	}
}
