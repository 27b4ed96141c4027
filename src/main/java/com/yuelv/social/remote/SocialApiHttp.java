package com.yuelv.social.remote;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.yuelv.shared.SafeExchange;
import com.yuelv.shared.UserId;

/**
 * The social module's {@link com.yuelv.social.SocialApi} and the shared kernel's {@link com.yuelv.shared.Blocks} over
 * HTTP, between deployments of a split: served by the deployment that runs the social module, called through Spring's
 * HTTP interface client by the others. Not part of the public API: the edge does not route {@value #PATH}, and only
 * peer deployments may call it.
 */
@HttpExchange(SocialApiHttp.PATH)
public interface SocialApiHttp {

	String PATH = "/internal/v1/social-api";

	@GetExchange("/people/{person}/follows/{followee}")
	boolean follows(@PathVariable("person") UUID follower, @PathVariable("followee") UUID followee);

	@GetExchange("/people/{person}/follower-count")
	long followerCount(@PathVariable("person") UUID person);

	@GetExchange("/people/{person}/followers")
	List<UserId> followers(@PathVariable("person") UUID person, @RequestParam(value = "after", required = false)
			@Nullable UUID after, @RequestParam("limit") int limit);

	@GetExchange("/people/{person}/following")
	List<UserId> following(@PathVariable("person") UUID person, @RequestParam(value = "after", required = false)
			@Nullable UUID after, @RequestParam("limit") int limit);

	@SafeExchange
	@PostExchange("/people/{person}/follows-among")
	Set<UserId> followsAmong(@PathVariable("person") UUID follower, @RequestBody List<UUID> candidates);

	@GetExchange("/people/{person}/muted")
	Set<UserId> muted(@PathVariable("person") UUID person);

	@GetExchange("/trips/{trip}/members/{person}")
	boolean travelsOn(@PathVariable("trip") UUID trip, @PathVariable("person") UUID person);

	@GetExchange("/trips/{trip}/members")
	List<UserId> travellers(@PathVariable("trip") UUID trip);

	@GetExchange("/people/{person}/blocks/{other}")
	boolean blockedBetween(@PathVariable("person") UUID person, @PathVariable("other") UUID other);

	@GetExchange("/people/{person}/blocks")
	Set<UserId> blocksAround(@PathVariable("person") UUID person);
}
