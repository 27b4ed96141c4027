package com.yuelv.identity.remote;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.SafeExchange;
import com.yuelv.shared.UserId;

/**
 * The identity module's {@link com.yuelv.identity.IdentityApi} over HTTP, between deployments of a split: served by
 * the deployment that runs the identity module, called through Spring's HTTP interface client by the others. Not
 * part of the public API: the edge does not route {@value #PATH}, and only peer deployments may call it.
 */
@HttpExchange(IdentityApiHttp.PATH)
public interface IdentityApiHttp {

	String PATH = "/internal/v1/identity-api";

	/** Problem type of {@link #profile} when there is no such account: an empty answer, not a failure. */
	String NO_SUCH_ACCOUNT = "no-such-account";

	/** What {@code register} sends: the password travels only between deployments, never to the edge. */
	record Registration(String email, String password, String displayName) {}

	@PostExchange("/accounts")
	UserId register(@RequestBody Registration registration);

	@GetExchange("/profiles/{userId}")
	PublicProfile profile(@PathVariable("userId") UUID userId);

	@SafeExchange
	@PostExchange("/display-names")
	java.util.Map<UUID, String> displayNames(@RequestBody List<UUID> accounts);

	@GetExchange("/speakers")
	List<UserId> speakers(@RequestParam("language") List<String> languages, @RequestParam("limit") int limit);
}
