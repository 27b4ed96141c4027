package com.yuelv.identity.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.identity.internal.ClientAddresses;
import com.yuelv.identity.internal.Registration;
import com.yuelv.identity.internal.Session;
import com.yuelv.identity.internal.Sessions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registration and the session lifecycle: log in, refresh, log out.
 */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication")
@SecurityRequirements
class AuthenticationController {

	private final Registration registration;
	private final Sessions sessions;

	AuthenticationController(Registration registration, Sessions sessions) {
		this.registration = registration;
		this.sessions = sessions;
	}

	record RegisterRequest(
			@NotBlank @Size(max = 254) String email,
			@NotNull @Size(max = 512) String password,
			@NotNull String displayName) {}

	record Registered(UUID id, String email, String displayName, List<String> roles, Instant createdAt) {}

	record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 512) String password) {}

	record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {}

	record Tokens(String tokenType, String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn,
			UUID userId) {

		static Tokens of(Session session) {
			var now = Instant.now();
			return new Tokens("Bearer", session.accessToken(),
					Duration.between(now, session.accessTokenExpiresAt()).toSeconds(), session.refreshToken(),
					Duration.between(now, session.refreshTokenExpiresAt()).toSeconds(), session.userId().value());
		}
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an account", description = "Emails are stored and matched in Unicode NFKC and lower "
			+ "case; quoted local parts are refused. Passwords need at least 10 characters, 4 distinct ones, only "
			+ "printable ones, must not be among the 30,000 most common and must not contain the email's local part.")
	ResponseEntity<Registered> register(@Valid @RequestBody RegisterRequest request) {
		var account = registration.register(request.email(), request.password(), request.displayName());
		var body = new Registered(account.userId().value(), account.email(), account.profile().displayName(),
				account.roles().stream().map(Enum::name).sorted().toList(), account.createdAt());
		return ResponseEntity.created(URI.create("/api/v1/profiles/" + account.userId())).body(body);
	}

	@PostMapping("/login")
	@Operation(summary = "Log in with email and password", description = "After 5 failures for one email from one "
			+ "address, or 20 from one address, that address waits (429 login-throttled with Retry-After) until the "
			+ "oldest failure is 15 minutes old.")
	Tokens logIn(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		return Tokens.of(sessions.logIn(request.email(), request.password(), ClientAddresses.of(http)));
	}

	@PostMapping("/refresh")
	@Operation(summary = "Trade a refresh token for new tokens", description = "The presented refresh token is used "
			+ "up. Presenting it again revokes every token of its login.")
	Tokens refresh(@Valid @RequestBody RefreshRequest request) {
		return Tokens.of(sessions.refresh(request.refreshToken()));
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke the login a refresh token belongs to")
	void logOut(@Valid @RequestBody RefreshRequest request) {
		sessions.logOut(request.refreshToken());
	}
}
