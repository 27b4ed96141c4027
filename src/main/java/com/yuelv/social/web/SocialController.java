package com.yuelv.social.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.UserId;
import com.yuelv.social.internal.BuddySuggestions;
import com.yuelv.social.internal.SocialGraph;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Following, muting and blocking people over HTTP, the lists that come of it, one's companions and suggested travel
 * buddies. Each change is idempotent: doing it twice is doing it once.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "People")
class SocialController {

	private final SocialGraph graph;
	private final BuddySuggestions suggestions;

	SocialController(SocialGraph graph, BuddySuggestions suggestions) {
		this.graph = graph;
		this.suggestions = suggestions;
	}

	record PersonView(UUID userId, String displayName, @Nullable Instant since) {

		static PersonView of(SocialGraph.Person person) {
			return new PersonView(person.userId().value(), person.displayName(), person.since());
		}
	}

	record PeopleList(List<PersonView> items, @Nullable String nextPageToken) {

		static PeopleList of(SocialGraph.PeoplePage page) {
			return new PeopleList(page.people().stream().map(PersonView::of).toList(), page.nextPageToken());
		}
	}

	record StandingView(UUID userId, String displayName, long followers, long following, boolean followedByYou,
			boolean followsYou, boolean mutedByYou) {

		static StandingView of(SocialGraph.Standing standing) {
			return new StandingView(standing.userId().value(), standing.displayName(), standing.followers(),
					standing.following(), standing.followedByYou(), standing.followsYou(), standing.mutedByYou());
		}
	}

	record CompanionView(UUID userId, String displayName, long trips) {}

	record ReasonView(String kind, long count, String text) {}

	record SuggestionView(UUID userId, String displayName, long score, List<ReasonView> reasons) {

		static SuggestionView of(BuddySuggestions.Suggestion suggestion) {
			return new SuggestionView(suggestion.userId().value(), suggestion.displayName(), suggestion.score(),
					suggestion.reasons().entrySet().stream().map(reason -> new ReasonView(reason.getKey().key(),
							reason.getValue(), reason.getKey().explain(reason.getValue()))).toList());
		}
	}

	record Items<T>(List<T> items) {}

	@PutMapping("/me/following/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Follow someone", description = "Following someone one follows already changes nothing.")
	void follow(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.follow(user, new UserId(userId));
	}

	@DeleteMapping("/me/following/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Stop following someone")
	void unfollow(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.unfollow(user, new UserId(userId));
	}

	@PutMapping("/me/blocks/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Block someone", description = "Neither follows the other any more, and each is hidden "
			+ "from the other: profiles, lists, trips to join, suggestions.")
	void block(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.block(user, new UserId(userId));
	}

	@DeleteMapping("/me/blocks/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Lift a block")
	void unblock(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.unblock(user, new UserId(userId));
	}

	@GetMapping("/me/blocks")
	@Operation(summary = "The people one blocks")
	PeopleList blocked(@CurrentUser UserId user, @RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		return PeopleList.of(graph.blocked(user, pageToken, size));
	}

	@PutMapping("/me/mutes/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Mute someone", description = "Hides them from one's own feed, nowhere else.")
	void mute(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.mute(user, new UserId(userId));
	}

	@DeleteMapping("/me/mutes/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Unmute someone")
	void unmute(@CurrentUser UserId user, @PathVariable UUID userId) {
		graph.unmute(user, new UserId(userId));
	}

	@GetMapping("/me/mutes")
	@Operation(summary = "The people one muted")
	PeopleList muted(@CurrentUser UserId user, @RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		return PeopleList.of(graph.muted(user, pageToken, size));
	}

	@GetMapping("/me/companions")
	@Operation(summary = "The people one travelled with", description = "The organizer and the accepted companions "
			+ "of one's trips, most trips together first.")
	Items<CompanionView> companions(@CurrentUser UserId user, @RequestParam(defaultValue = "20") int size) {
		return new Items<>(graph.companions(user, size).stream().map(companion -> new CompanionView(
				companion.userId().value(), companion.displayName(), companion.trips())).toList());
	}

	@GetMapping("/me/suggestions")
	@Operation(summary = "Suggested travel buddies, with what one has in common with each")
	Items<SuggestionView> suggestions(@CurrentUser UserId user, @RequestParam(defaultValue = "10") int size) {
		return new Items<>(suggestions.suggest(user, size).stream().map(SuggestionView::of).toList());
	}

	@GetMapping("/profiles/{userId}/social")
	@Operation(summary = "How many follow someone and whom they follow, and what they are to the caller")
	StandingView standing(@CurrentUser UserId user, @PathVariable UUID userId) {
		return StandingView.of(graph.standing(user, new UserId(userId)));
	}

	@GetMapping("/profiles/{userId}/followers")
	@Operation(summary = "Someone's followers, newest first", description = "Pass nextPageToken as pageToken for "
			+ "the next page.")
	PeopleList followers(@CurrentUser UserId user, @PathVariable UUID userId,
			@RequestParam(required = false) @Nullable String pageToken, @RequestParam(defaultValue = "20") int size) {
		return PeopleList.of(graph.followers(user, new UserId(userId), pageToken, size));
	}

	@GetMapping("/profiles/{userId}/following")
	@Operation(summary = "Whom someone follows, newest first", description = "Pass nextPageToken as pageToken for "
			+ "the next page.")
	PeopleList following(@CurrentUser UserId user, @PathVariable UUID userId,
			@RequestParam(required = false) @Nullable String pageToken, @RequestParam(defaultValue = "20") int size) {
		return PeopleList.of(graph.following(user, new UserId(userId), pageToken, size));
	}
}
