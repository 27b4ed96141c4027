package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.yuelv.shared.Rejection;

/**
 * The login page's check of email and password, the password login's ({@link Sessions#authenticate}): the same
 * throttle, timing and audit, counted by the client address the platform resolved for the request. The login it
 * makes names the account by its id and carries nothing else (no email, no address), since the authorization server
 * stores it with the authorization.
 */
class AccountPasswords implements AuthenticationProvider {

	private final Sessions sessions;

	AccountPasswords(Sessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public Authentication authenticate(Authentication attempt) {
		var email = attempt.getName();
		var typed = attempt.getCredentials() instanceof String credentials ? credentials : "";
		var address = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
				? ClientAddresses.of(request.getRequest()) : "unknown";
		try {
			var user = sessions.authenticate(email, typed, address);
			// the factor and when it was proven: OpenID Connect's auth_time
			var password = FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
					.issuedAt(Instant.now()).build();
			return UsernamePasswordAuthenticationToken.authenticated(user.toString(), null, List.of(password));
		}
		catch (Rejection refused) {
			if (refused.kind() == Rejection.Kind.THROTTLED) {
				throw new LockedException(refused.getMessage());
			}
			if (refused.kind() == Rejection.Kind.UNAVAILABLE) {
				// the password hashes are all busy: nothing is known about the password yet
				throw new AuthenticationServiceException(refused.getMessage());
			}
			throw new BadCredentialsException(refused.getMessage());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
