package com.yuelv.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;

/**
 * What anyone may see of a person.
 *
 * @param userId the account
 * @param displayName the name they chose to be shown
 * @param homeCity where they live, if they said
 * @param languages languages they speak, as BCP 47 tags
 * @param interests what they like
 * @param bio a few words about themselves
 */
public record PublicProfile(UserId userId, String displayName, @Nullable String homeCity, List<String> languages,
		List<String> interests, @Nullable String bio) {}
