package com.yuelv.identity;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.UserId;

/**
 * Someone created an account. Carries no email or other contact data, so that listeners never hold personal data
 * they do not need.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the account was created
 * @param userId the new account
 * @param displayName the name the person chose to be shown
 * @param version the account's version after the change
 */
public record AccountRegistered(UUID eventId, Instant occurredAt, UserId userId, String displayName, long version)
		implements DomainEvent {}
