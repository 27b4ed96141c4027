package com.yuelv.identity.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** All accounts, looked up by id or by normalized email. */
@org.jmolecules.ddd.annotation.Repository
public interface Accounts extends CrudRepository<Account, UUID> {

	Optional<Account> findByEmail(String email);

	boolean existsByEmail(String email);
}
