package com.yuelv.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.query.Param;

/** All accounts, looked up by id or by the blind index of their normalized email. */
@org.jmolecules.ddd.annotation.Repository
public interface Accounts extends CrudRepository<Account, UUID> {

	Optional<Account> findByEmailIndex(String emailIndex);

	boolean existsByEmailIndex(String emailIndex);

	/**
	 * Locks the account's row until the end of the transaction. Every refresh and revocation of the account's tokens
	 * takes this one lock first, so they run one after the other and never deadlock over token rows.
	 *
	 * @return the id when the account exists
	 */
	@Query(value = "select id from identity.accounts where id = :id for update", nativeQuery = true)
	Optional<UUID> lockSessions(@Param("id") UUID id);

	/**
	 * Locks every admin account, in one order, so that role changes touching admins happen one after the other. The
	 * admins are counted afterwards by {@link #countAdmins()}, in a statement of its own: one that waited for the lock
	 * sees the roles the change before it committed.
	 */
	@Query(value = "select id from identity.accounts where id in (select account_id from identity.account_roles "
			+ "where role = 'ADMIN') order by id for update", nativeQuery = true)
	List<Object> lockAdmins();

	@Query(value = "select count(*) from identity.account_roles where role = 'ADMIN'", nativeQuery = true)
	long countAdmins();

	/**
	 * Accounts that speak one of the languages (tags in lower case), at most {@code limit}, in no particular order;
	 * their ids as text, which both databases hand over alike.
	 */
	@Query(value = "select distinct cast(account_id as varchar(36)) from identity.account_languages "
			+ "where lower(language) in (:languages) limit :limit", nativeQuery = true)
	List<String> speakers(@Param("languages") java.util.Collection<String> languages, @Param("limit") int limit);
}
