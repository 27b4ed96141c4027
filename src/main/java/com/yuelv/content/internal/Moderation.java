package com.yuelv.content.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.content.MomentId;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Reports and their resolution. Anyone who may see a moment or a comment may report it, once; an admin resolves an
 * open report by removing what it reports (deleted as by its author, for everyone) or by dismissing it, and the other
 * open reports of the same moment or comment are resolved alike.
 */
@Service
public class Moderation {

	static final int MAX_PAGE_SIZE = 100;
	private static final String OPEN_REPORTS = "open-reports";

	/** What a report is about. */
	public enum Target {
		MOMENT, COMMENT
	}

	/** Where a report stands. */
	public enum Status {
		OPEN,
		/** An admin removed what it reports. */
		REMOVED,
		/** An admin found nothing to remove. */
		DISMISSED
	}

	/** A report as an admin reads it. */
	public record Report(UUID id, Target target, UUID targetId, UserId reporter, String reason, Status status,
			Instant createdAt) {}

	/** One page of open reports, and the token of the page after it if there is one. */
	public record ReportPage(List<Report> reports, @Nullable String nextPageToken) {}

	private final JdbcClient jdbc;
	private final Sharing sharing;
	private final PostedMoments moments;
	private final Comments comments;
	private final Blocks blocks;
	private final PageTokens pageTokens;
	private final Clock clock;

	Moderation(JdbcClient jdbc, Sharing sharing, PostedMoments moments, Comments comments, Blocks blocks,
			PageTokens pageTokens, Clock clock) {
		this.jdbc = jdbc;
		this.sharing = sharing;
		this.moments = moments;
		this.comments = comments;
		this.blocks = blocks;
		this.pageTokens = pageTokens;
		this.clock = clock;
	}

	/** Reports a moment or a comment the reporter may see; reporting it again changes nothing. */
	@Transactional
	public Report report(UserId reporter, Target target, UUID targetId, String reason) {
		var text = PlainText.check("reason", reason, 500, true);
		switch (target) {
			case MOMENT -> sharing.visible(reporter, new MomentId(targetId));
			case COMMENT -> {
				var comment = comments.findById(targetId).filter(it -> !it.isDeleted()
						&& !blocks.between(reporter, it.author())).orElseThrow(() -> commentNotFound(targetId));
				sharing.visible(reporter, new MomentId(comment.momentId()));
			}
		}
		jdbc.sql("""
				insert into content.reports (id, target_type, target_id, reporter_id, reason, status, created_at,
				    version)
				values (?, ?, ?, ?, ?, 'OPEN', ?, 0) on conflict do nothing""")
				.params(UUID.randomUUID(), target.name(), targetId, reporter.value(), text, now()).update();
		return jdbc.sql("select * from content.reports where target_type = ? and target_id = ? and reporter_id = ?")
				.params(target.name(), targetId, reporter.value()).query(Moderation::report).single();
	}

	/** The open reports, oldest first. */
	@Transactional(readOnly = true)
	public ReportPage open(@Nullable String pageToken, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		var limit = " order by created_at, id limit " + (size + 1);
		var query = pageToken == null ? jdbc.sql("select * from content.reports where status = 'OPEN'" + limit)
				: after(pageToken, limit);
		var found = query.query(Moderation::report).list();
		if (found.size() <= size) {
			return new ReportPage(found, null);
		}
		var page = found.subList(0, size);
		var last = page.getLast();
		return new ReportPage(List.copyOf(page), pageTokens.issue(OPEN_REPORTS, List.of(
				OffsetDateTime.ofInstant(last.createdAt(), ZoneOffset.UTC).toString(), last.id().toString())));
	}

	/**
	 * Resolves an open report, and every other open report of the same moment or comment.
	 *
	 * @throws Rejection 404 for no such report, 409 {@code report-resolved} for one resolved already
	 */
	@Transactional
	public Report resolve(UserId admin, UUID reportId, Status outcome) {
		if (outcome == Status.OPEN) {
			throw Rejection.invalid("outcome", "resolution", "must be REMOVED or DISMISSED");
		}
		var report = jdbc.sql("select * from content.reports where id = ? for update").param(reportId)
				.query(Moderation::report).optional()
				.orElseThrow(() -> Rejection.notFound("report-not-found", "No report " + reportId));
		if (report.status() != Status.OPEN) {
			throw Rejection.conflict("report-resolved", "The report was resolved already: "
					+ report.status().name().toLowerCase(Locale.ROOT) + ".");
		}
		if (outcome == Status.REMOVED) {
			remove(admin, report);
		}
		jdbc.sql("""
				update content.reports set status = ?, resolved_by = ?, resolved_at = ?, version = version + 1
				where target_type = ? and target_id = ? and status = 'OPEN'""")
				.params(outcome.name(), admin.value(), now(), report.target().name(), report.targetId()).update();
		return new Report(report.id(), report.target(), report.targetId(), report.reporter(), report.reason(), outcome,
				report.createdAt());
	}

	private JdbcClient.StatementSpec after(String pageToken, String limit) {
		var after = pageTokens.read("pageToken", OPEN_REPORTS, 2, pageToken,
				key -> new Position(OffsetDateTime.parse(key.get(0)), UUID.fromString(key.get(1))));
		return jdbc.sql("select * from content.reports where status = 'OPEN' "
				+ "and (created_at > ? or created_at = ? and id > ?)" + limit).params(after.at(), after.at(), after.id());
	}

	/** Where a page of reports ended. */
	private record Position(OffsetDateTime at, UUID id) {}

	private void remove(UserId admin, Report report) {
		var now = clock.instant();
		switch (report.target()) {
			case MOMENT -> moments.lock(report.targetId()).ifPresent(moment -> {
				if (moment.delete(admin, true, now)) {
					moments.save(moment);
					sharing.releasePhotos(moment);
				}
			});
			case COMMENT -> comments.findById(report.targetId()).ifPresent(comment -> {
				if (comment.delete(admin, true, now)) {
					comments.save(comment);
					moments.countComment(comment.momentId(), -1);
				}
			});
		}
	}

	private static Report report(ResultSet rs, int row) throws SQLException {
		return new Report(rs.getObject("id", UUID.class), Target.valueOf(rs.getString("target_type")),
				rs.getObject("target_id", UUID.class), new UserId(rs.getObject("reporter_id", UUID.class)),
				rs.getString("reason"), Status.valueOf(rs.getString("status")),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
	}

	private static Rejection commentNotFound(UUID id) {
		return Rejection.notFound("comment-not-found", "No comment " + id);
	}
}
