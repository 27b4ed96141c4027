package com.yuelv.content.internal;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Content's part of an erasure: the person's moments go with everything on them (photos' places, likes, comments,
 * reports); their comments on other people's moments go, replies to them moving up to what they replied to; their
 * likes go; the counts of the moments they touched drop accordingly; their reports go, and reports they resolved as
 * an admin no longer name them. Their photos' files are media's to erase.
 */
@Component
class ContentDataErasure implements PersonalDataErasure {

	private final JdbcClient jdbc;

	ContentDataErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "content";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		var id = person.value();
		for (var moment : jdbc.sql("select id from content.moments where author_id = ?").param(id).query(UUID.class)
			.list()) {
			deleteMoment(moment);
		}
		// the person's comments on other people's moments: replies move up a level, live ones leave the count
		for (var comment : jdbc.sql("""
				select id, moment_id, parent_id, deleted_at is null as live from content.comments
				where author_id = ? order by created_at desc""").param(id).query().listOfRows()) {
			var commentId = (UUID) comment.get("id");
			jdbc.sql("update content.comments set parent_id = ? where parent_id = ?")
				.params(comment.get("parent_id"), commentId).update();
			deleteReports("COMMENT", commentId);
			jdbc.sql("delete from content.comments where id = ?").param(commentId).update();
			if (Boolean.TRUE.equals(comment.get("live"))) {
				jdbc.sql("""
						update content.moments set comment_count = comment_count - 1
						where id = ? and deleted_at is null and comment_count > 0""")
					.param(comment.get("moment_id")).update();
			}
		}
		jdbc.sql("""
				update content.moments set like_count = like_count - 1
				where deleted_at is null and like_count > 0
				  and id in (select moment_id from content.likes where liker_id = ?)""").param(id).update();
		jdbc.sql("delete from content.likes where liker_id = ?").param(id).update();
		jdbc.sql("delete from content.reports where reporter_id = ?").param(id).update();
		jdbc.sql("update content.reports set resolved_by = null where resolved_by = ?").param(id).update();
	}

	private void deleteMoment(UUID moment) {
		var comments = jdbc.sql("select id from content.comments where moment_id = ?").param(moment).query(UUID.class)
			.list();
		comments.forEach(comment -> deleteReports("COMMENT", comment));
		jdbc.sql("update content.comments set parent_id = null where moment_id = ?").param(moment).update();
		jdbc.sql("delete from content.comments where moment_id = ?").param(moment).update();
		jdbc.sql("delete from content.likes where moment_id = ?").param(moment).update();
		jdbc.sql("delete from content.moment_photos where moment_id = ?").param(moment).update();
		deleteReports("MOMENT", moment);
		jdbc.sql("delete from content.moments where id = ?").param(moment).update();
	}

	private void deleteReports(String targetType, UUID target) {
		jdbc.sql("delete from content.reports where target_type = ? and target_id = ?").params(targetType, target)
			.update();
	}
}
