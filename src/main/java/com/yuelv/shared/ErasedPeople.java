package com.yuelv.shared;

/**
 * The people whose data is erased, or being erased: the port the platform serves. The module that closes an account
 * requests its erasure, in the transaction that closes it; the platform then has every module's
 * {@link PersonalDataErasure} erase it, in every deployment, and clears its own stores. A listener that would write
 * about a person (an inbox entry, a timeline, a membership) asks first, so that a message about them that arrives
 * after the erasure, from the broker or a replay of dead letters, is dropped rather than bringing them back.
 */
public interface ErasedPeople {

	/** Records, in the caller's transaction, that the person's data is to be erased from every module and store. */
	void requestErasure(UserId person);

	/** Whether the erasure of any of them was requested. */
	boolean includesAnyOf(UserId... people);

	/**
	 * The id that stands for the person in what is kept by law once they are erased: the same for the same person,
	 * telling nothing of the person's id without the platform's key.
	 */
	UserId pseudonymOf(UserId person);
}
