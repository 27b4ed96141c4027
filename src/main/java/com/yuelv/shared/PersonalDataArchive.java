package com.yuelv.shared;

import java.util.Map;

/**
 * A person's data from every module that keeps some, in one archive: the port the platform serves, assembling each
 * module's {@link PersonalDataExport} in this deployment or, in a split, from the deployment that runs it. Whole or not
 * at all: a module that cannot be asked makes it fail.
 */
public interface PersonalDataArchive {

	/** The archive: who, when, and per module its part. */
	Map<String, Object> of(UserId person);
}
