package com.yuelv.shared;

import java.util.Map;

/**
 * A module's part of a person's data export: the port each module that keeps personal data serves, and the platform
 * assembles into the archive a traveller downloads (their right to a copy under PIPL and the GDPR). It holds what the
 * module keeps about the person, and what the person did there, as plain values: encrypted fields opened, nothing
 * about other people beyond their ids.
 */
public interface PersonalDataExport {

	/** The module's name, as its package is called. */
	String module();

	/** The person's data, by kind ({@code "moments"}, {@code "comments"}, ...), each a list of records. */
	Map<String, Object> exportOf(UserId person);
}
