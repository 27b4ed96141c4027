package com.yuelv.identity.web;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.RestController;

import com.yuelv.identity.remote.TokenRevocationsHttp;
import com.yuelv.shared.TokenRevocations;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves the token revocations identity records to the other deployments of a split, over the contract
 * {@link TokenRevocationsHttp}: each reads them to refuse revoked access tokens.
 */
@RestController
@Hidden
class TokenRevocationsEndpoint implements TokenRevocationsHttp {

	private final TokenRevocations revocations;

	TokenRevocationsEndpoint(TokenRevocations revocations) {
		this.revocations = revocations;
	}

	@Override
	public List<TokenRevocations.Revocation> revocations(Instant since) {
		return revocations.recordedSince(since);
	}
}
