package com.yuelv.shared;

/**
 * A module's part of erasing a person: the port each module that keeps personal data serves, and the platform calls
 * when an account is closed, in this deployment or over the internal API of the deployment that runs the module.
 * Everything the module keeps about the person, or that they wrote, goes: their rows, other people's rows about them
 * (a follow, an inbox entry naming them), and the copies the module keeps elsewhere (a timeline, a cache, a file).
 * What the law requires to be kept (a ledger entry) stays with the person's id replaced by
 * {@link ErasedPeople#pseudonymOf}.
 * <p>
 * The platform calls it more than once for the same person (again after the requests and messages that were in flight
 * when the account closed have landed), and a module that fails is called again: erasing is idempotent, and erasing
 * someone the module never saw changes nothing.
 */
public interface PersonalDataErasure {

	/** The module's name, as its package is called. */
	String module();

	/** Erases what the module keeps about the person. */
	void erase(UserId person);
}
