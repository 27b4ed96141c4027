package com.yuelv.content.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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

import com.yuelv.content.internal.Moderation;
import com.yuelv.content.internal.SensitiveWords;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Moderation for admins: the sensitive-word list, changed at run time, and the reports to resolve.
 */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Moderation")
class ModerationController {

	private final SensitiveWords words;
	private final Moderation moderation;

	ModerationController(SensitiveWords words, Moderation moderation) {
		this.words = words;
		this.moderation = moderation;
	}

	record WordBody(SensitiveWords.@Nullable Action action) {}

	record Words(List<SensitiveWords.Entry> items) {}

	record Resolution(Moderation.@Nullable Status outcome) {}

	record ReportView(UUID id, Moderation.Target target, UUID targetId, UUID reporterId, String reason,
			Moderation.Status status, Instant createdAt) {

		static ReportView of(Moderation.Report report) {
			return new ReportView(report.id(), report.target(), report.targetId(), report.reporter().value(),
					report.reason(), report.status(), report.createdAt());
		}
	}

	record ReportList(List<ReportView> items, @Nullable String nextPageToken) {}

	@GetMapping("/sensitive-words")
	@Operation(summary = "The words moderation refuses or masks (admins only)")
	Words words() {
		return new Words(words.list());
	}

	@PutMapping("/sensitive-words/{word}")
	@Operation(summary = "List a word, or change what is done with it (admins only)", description = "REFUSE: a text "
			+ "with it is refused; MASK: it is replaced by asterisks. Every replica applies the change within 10 s.")
	SensitiveWords.Entry putWord(@PathVariable String word, @RequestBody WordBody body) {
		if (body.action() == null) {
			throw Rejection.invalid("action", "required", "must be REFUSE or MASK");
		}
		return words.put(word, body.action());
	}

	@DeleteMapping("/sensitive-words/{word}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Take a word off the list (admins only)")
	void removeWord(@PathVariable String word) {
		words.remove(word);
	}

	@GetMapping("/reports")
	@Operation(summary = "Open reports, oldest first (admins only)")
	ReportList reports(@RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		var page = moderation.open(pageToken, size);
		return new ReportList(page.reports().stream().map(ReportView::of).toList(), page.nextPageToken());
	}

	@PostMapping("/reports/{id}/resolution")
	@Operation(summary = "Resolve a report (admins only)", description = "REMOVED deletes what it reports for "
			+ "everyone; DISMISSED leaves it. Other open reports of the same moment or comment are resolved alike.")
	ReportView resolve(@CurrentUser UserId admin, @PathVariable UUID id, @RequestBody Resolution resolution) {
		if (resolution.outcome() == null) {
			throw Rejection.invalid("outcome", "required", "must be REMOVED or DISMISSED");
		}
		return ReportView.of(moderation.resolve(admin, id, resolution.outcome()));
	}
}
