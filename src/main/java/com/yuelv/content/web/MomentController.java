package com.yuelv.content.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.internal.Comment;
import com.yuelv.content.internal.Moderation;
import com.yuelv.content.internal.Moment;
import com.yuelv.content.internal.Sharing;
import com.yuelv.media.MediaApi;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Moments over HTTP: posting, editing and deleting one's own, reading those one may see, liking, commenting and
 * reporting. A moment one may not see answers 404 whatever one does with it.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Moments")
class MomentController {

	private final Sharing sharing;
	private final Moderation moderation;

	MomentController(Sharing sharing, Moderation moderation) {
		this.sharing = sharing;
		this.moderation = moderation;
	}

	record PlaceBody(@Nullable String name, @Nullable Double latitude, @Nullable Double longitude) {

		Moment.Place place() {
			return new Moment.Place(PlainText.check("place.name", name, 200, false),
					GeoPoint.parse("place", latitude, longitude));
		}
	}

	record Post(@Nullable String text, @Nullable List<UUID> photos, @Nullable Visibility visibility,
			@Nullable UUID tripId, @Nullable PlaceBody place) {}

	record Edit(@Nullable String text, @Nullable Visibility visibility) {}

	record CommentBody(@Nullable String text, @Nullable UUID parentId) {}

	record ReportBody(@Nullable String reason) {}

	record MomentList(List<MomentCard> items, @Nullable String nextPageToken) {}

	record CommentView(UUID id, UUID momentId, UUID authorId, String authorName, @Nullable UUID parentId, String text,
			Instant createdAt) {

		static CommentView of(Comment comment, String authorName) {
			return new CommentView(comment.id(), comment.momentId(), comment.author().value(), authorName,
					comment.parentId(), comment.text(), comment.createdAt());
		}
	}

	record CommentList(List<CommentView> items, @Nullable String nextPageToken) {}

	record ReportReceipt(UUID id, Moderation.Status status) {}

	@PostMapping("/moments")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Post a moment", description = "Text of up to 2000 characters, up to 9 photos one uploaded "
			+ "(their ids, in order), or both; seen by everyone (PUBLIC, the default), one's followers (FOLLOWERS) or "
			+ "the companions of a trip one organizes or travels on (COMPANIONS, with tripId); optionally a place.")
	ResponseEntity<MomentCard> post(@CurrentUser UserId user, @RequestBody Post post) {
		var moment = sharing.post(user, post.text(), post.photos() == null ? List.of() : post.photos(),
				post.visibility() == null ? Visibility.PUBLIC : post.visibility(),
				post.tripId() == null ? null : new TripId(post.tripId()),
				post.place() == null ? null : post.place().place());
		return ResponseEntity.created(URI.create("/api/v1/moments/" + moment.momentId()))
				.body(sharing.read(user, moment.momentId()).card());
	}

	@GetMapping("/moments/{id}")
	@Operation(summary = "A moment one may see")
	MomentCard read(@CurrentUser UserId user, @PathVariable UUID id) {
		return sharing.read(user, new MomentId(id)).card();
	}

	@PutMapping("/moments/{id}")
	@Operation(summary = "Change one's moment's text and who may see it (author)")
	MomentCard edit(@CurrentUser UserId user, @PathVariable UUID id, @RequestBody Edit edit) {
		var moment = sharing.edit(user, new MomentId(id), edit.text(),
				edit.visibility() == null ? Visibility.PUBLIC : edit.visibility());
		return sharing.read(user, moment.momentId()).card();
	}

	@DeleteMapping("/moments/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete one's moment (author)", description = "It disappears for everyone.")
	void delete(@CurrentUser UserId user, @PathVariable UUID id) {
		sharing.delete(user, new MomentId(id));
	}

	@GetMapping("/profiles/{userId}/moments")
	@Operation(summary = "Someone's moments one may see, newest first", description = "Pass nextPageToken as "
			+ "pageToken for the next page.")
	MomentList momentsBy(@CurrentUser UserId user, @PathVariable UUID userId,
			@RequestParam(required = false) @Nullable String pageToken, @RequestParam(defaultValue = "20") int size) {
		var page = sharing.momentsBy(user, new UserId(userId), pageToken, size);
		return new MomentList(page.items().stream().map(Sharing.Seen::card).toList(), page.nextPageToken());
	}

	@GetMapping(value = "/moments/{id}/photos/{photoId}/{size}", produces = MediaType.IMAGE_JPEG_VALUE)
	@Operation(summary = "A photo of a moment one may see", description = "size: original, large or small. The "
			+ "address never shows other bytes: the ETag is their SHA-256, If-None-Match gets a 304, and the answer "
			+ "may be kept for a year (publicly for a public moment, by the viewer only otherwise).")
	@ApiResponse(responseCode = "200", description = "The photo", content = @Content(mediaType = "image/jpeg",
			schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "304", description = "The client holds these bytes already (If-None-Match)",
			content = @Content)
	ResponseEntity<byte[]> photo(@CurrentUser UserId user, @PathVariable UUID id, @PathVariable UUID photoId,
			@PathVariable String size) {
		var shown = sharing.photo(user, new MomentId(id), photoId, MediaApi.Size.named(size));
		var caching = CacheControl.maxAge(Duration.ofDays(365)).immutable();
		var file = shown.value();
		// Spring MVC answers an If-None-Match that names the ETag with a 304 itself
		return ResponseEntity.ok().eTag(file.etag()).contentType(MediaType.parseMediaType(file.contentType()))
				.cacheControl(shown.visibility() == Visibility.PUBLIC ? caching.cachePublic() : caching.cachePrivate())
				.body(file.bytes());
	}

	@PutMapping("/moments/{id}/like")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Like a moment", description = "Liking it again changes nothing.")
	void like(@CurrentUser UserId user, @PathVariable UUID id) {
		sharing.like(user, new MomentId(id));
	}

	@DeleteMapping("/moments/{id}/like")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Take one's like back")
	void unlike(@CurrentUser UserId user, @PathVariable UUID id) {
		sharing.unlike(user, new MomentId(id));
	}

	@PostMapping("/moments/{id}/comments")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Comment on a moment, or reply to one of its comments (parentId)", description = "Up to "
			+ "500 characters; a reply to a reply answers the comment it belongs to.")
	CommentView comment(@CurrentUser UserId user, @PathVariable UUID id, @RequestBody CommentBody body) {
		var shown = sharing.comment(user, new MomentId(id), body.text() == null ? "" : body.text(),
				body.parentId());
		return CommentView.of(shown.comment(), shown.authorName());
	}

	@GetMapping("/moments/{id}/comments")
	@Operation(summary = "A moment's comments and replies, oldest first")
	CommentList comments(@CurrentUser UserId user, @PathVariable UUID id,
			@RequestParam(required = false) @Nullable String pageToken, @RequestParam(defaultValue = "20") int size) {
		var page = sharing.comments(user, new MomentId(id), pageToken, size);
		return new CommentList(page.items().stream().map(shown -> CommentView.of(shown.comment(), shown.authorName()))
				.toList(), page.nextPageToken());
	}

	@DeleteMapping("/comments/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete one's comment (author)")
	void deleteComment(@CurrentUser UserId user, @PathVariable UUID id) {
		sharing.deleteComment(user, id);
	}

	@PostMapping("/moments/{id}/reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Report a moment to the moderators", description = "Reporting it again changes nothing.")
	ReportReceipt reportMoment(@CurrentUser UserId user, @PathVariable UUID id, @RequestBody ReportBody body) {
		var report = moderation.report(user, Moderation.Target.MOMENT, id, body.reason() == null ? "" : body.reason());
		return new ReportReceipt(report.id(), report.status());
	}

	@PostMapping("/comments/{id}/reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Report a comment to the moderators", description = "Reporting it again changes nothing.")
	ReportReceipt reportComment(@CurrentUser UserId user, @PathVariable UUID id, @RequestBody ReportBody body) {
		var report = moderation.report(user, Moderation.Target.COMMENT, id, body.reason() == null ? ""
				: body.reason());
		return new ReportReceipt(report.id(), report.status());
	}
}
