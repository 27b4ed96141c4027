package com.yuelv.identity.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.identity.internal.Account;
import com.yuelv.identity.internal.AccountClosing;
import com.yuelv.identity.internal.ClientAddresses;
import com.yuelv.identity.internal.Profile;
import com.yuelv.identity.internal.Profiles;
import com.yuelv.identity.internal.Role;
import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.PersonalDataArchive;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One's own account and profile, other people's public profiles, and role administration.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Profiles")
class ProfileController {

	private final Profiles profiles;
	private final Blocks blocks;
	private final PersonalDataArchive archives;
	private final AuditTrail audit;
	private final AccountClosing closing;

	ProfileController(Profiles profiles, Blocks blocks, PersonalDataArchive archives, AuditTrail audit,
			AccountClosing closing) {
		this.closing = closing;
		this.profiles = profiles;
		this.blocks = blocks;
		this.archives = archives;
		this.audit = audit;
	}

	record ProfileView(String displayName, @Nullable String homeCity, List<String> languages, List<String> interests,
			@Nullable String bio) {

		static ProfileView of(Profile profile) {
			return new ProfileView(profile.displayName(), profile.homeCity(), profile.languages(), profile.interests(),
					profile.bio());
		}
	}

	record Me(UUID id, String email, List<String> roles, ProfileView profile, Instant createdAt, long version) {

		static Me of(Account account) {
			return new Me(account.userId().value(), account.email(),
					account.roles().stream().map(Enum::name).sorted().toList(), ProfileView.of(account.profile()),
					account.createdAt(), account.version());
		}
	}

	record PublicProfile(UUID id, ProfileView profile) {}

	record ProfileUpdate(
			@NotNull String displayName,
			@Nullable String homeCity,
			@NotNull @Size(max = 10) List<@NotBlank @Size(max = 35) String> languages,
			@NotNull @Size(max = 20) List<@NotNull String> interests,
			@Nullable String bio) {}

	record Closure(@NotNull @Size(max = 512) String password) {}

	record ClosureAccepted(UUID account, String status, String detail) {}

	record RoleGrant(@NotEmpty Set<@NotNull Role> roles) {}

	@GetMapping("/me")
	@Operation(summary = "Read one's own account and profile")
	Me me(@CurrentUser UserId user) {
		return Me.of(profiles.account(user));
	}

	@PutMapping("/me/profile")
	@Operation(summary = "Replace one's own profile")
	Me updateProfile(@CurrentUser UserId user, @Valid @RequestBody ProfileUpdate update) {
		var account = profiles.updateProfile(user, new Profile(update.displayName(),
				update.homeCity(), update.languages(), update.interests(), update.bio()));
		return Me.of(account);
	}

	@GetMapping("/me/data-export")
	@Operation(summary = "Download all one's data, from every module, as one JSON archive",
			description = "Who and when, and per module what it keeps about the caller and what the caller did there; "
					+ "encrypted fields opened. Whole or not at all: 503 dependency-unavailable when a part of the "
					+ "service cannot be asked.")
	ResponseEntity<Map<String, Object>> dataExport(@CurrentUser UserId user) {
		var archive = archives.of(user);
		var who = AuditTrail.account(user);
		audit.record("data-exported", who, who, Map.of());
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename("yuelv-data-" + user.value() + ".json").build().toString())
			.cacheControl(CacheControl.noStore())
			.body(archive);
	}

	@PostMapping("/me/closure")
	@Operation(summary = "Close one's account and erase one's data everywhere, confirmed with the password",
			description = "Every login of the account ends at once; the account is gone, and everything else about "
					+ "the caller (trips, join requests, moments, photos, follows, inbox, timelines, search entries) "
					+ "is erased from every module and store in the background, within minutes. Payments are kept "
					+ "for the ledger under a pseudonym. 403 wrong-password leaves the account open; failures count "
					+ "against the login throttle. 409 last-admin: the last admin account stays.")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ResponseEntity<ClosureAccepted> close(@CurrentUser UserId user, @Valid @RequestBody Closure closure,
			HttpServletRequest http) {
		closing.close(user, closure.password(), ClientAddresses.of(http));
		return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore())
			.body(new ClosureAccepted(user.value(), "erasing", "The account is closed; the rest of your data is "
					+ "being erased from every part of the service."));
	}

	@GetMapping("/profiles/{id}")
	@Operation(summary = "Read someone's public profile", description = "Someone who blocks the caller, or whom "
			+ "the caller blocks, has none for them.")
	PublicProfile profile(@CurrentUser UserId user, @PathVariable UUID id) {
		var account = profiles.account(new UserId(id));
		if (!user.equals(account.userId()) && blocks.between(user, account.userId())) {
			throw Rejection.notFound("account-not-found", "No account " + id);
		}
		return new PublicProfile(id, ProfileView.of(account.profile()));
	}

	@PutMapping("/admin/accounts/{id}/roles")
	@Operation(summary = "Set an account's roles (admins only); every account stays a traveler")
	Me grantRoles(@CurrentUser UserId admin, @PathVariable UUID id, @Valid @RequestBody RoleGrant grant) {
		return Me.of(profiles.grantRoles(admin, new UserId(id), grant.roles()));
	}
}
