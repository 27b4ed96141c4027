package com.yuelv.identity.remote;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import com.yuelv.shared.TokenRevocations;

/**
 * The kernel's {@link TokenRevocations} over HTTP, served by the deployment that runs identity: every other deployment
 * of a split reads the revocations through it to refuse revoked access tokens. An API of its own, apart from
 * {@link IdentityApiHttp}, so that the grant every deployment needs ({@code revocations:read}) opens nothing else of
 * identity. Not part of the public API: the edge does not route {@value #PATH}, and only peer deployments may call it.
 */
@HttpExchange(TokenRevocationsHttp.PATH)
public interface TokenRevocationsHttp {

	String PATH = "/internal/v1/revocations-api";

	@GetExchange("/revocations")
	List<TokenRevocations.Revocation> revocations(@RequestParam("since") Instant since);
}
