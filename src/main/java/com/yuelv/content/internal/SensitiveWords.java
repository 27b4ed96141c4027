package com.yuelv.content.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ahocorasick.trie.Trie;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;

/**
 * The word list of moderation, and the filter made of it: an Aho-Corasick automaton (the {@code ahocorasick} library)
 * finds every listed word in a text in one pass, whatever the number of words, case-insensitively and inside words,
 * as Chinese and Japanese have no spaces between them. A text with a word to refuse is refused, naming the field; the
 * words to mask are replaced by asterisks, one per character.
 * <p>
 * An operator changes the list at run time. The replica that takes the change rebuilds its filter at once; every
 * replica compares the list's fingerprint (how many words, the last change) every ten seconds and rebuilds when it
 * moved.
 */
@Component
public class SensitiveWords {

	private static final Logger LOG = LoggerFactory.getLogger(SensitiveWords.class);
	static final int MAX_WORD = 100;

	/** What the filter does with a word. */
	public enum Action {
		/** The text is refused. */
		REFUSE,
		/** The word is replaced by asterisks. */
		MASK
	}

	/** A listed word and what is done with it. */
	public record Entry(String word, Action action) {}

	private record Filter(Trie trie, Map<String, Action> actions, String fingerprint) {}

	private final JdbcClient jdbc;
	private final Clock clock;
	private volatile @Nullable Filter filter;

	SensitiveWords(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Screens a text: refuses it for a word to refuse, masks the words to mask.
	 *
	 * @param field the request field the text came in, named in a refusal
	 * @return the text, masked where it has to be, or {@code null} for none
	 */
	public @Nullable String screen(String field, @Nullable String text) {
		if (text == null) {
			return null;
		}
		var current = current();
		var emits = current.trie().parseText(text);
		if (emits.isEmpty()) {
			return text;
		}
		var masked = new boolean[text.length()];
		for (var emit : emits) {
			if (current.actions().get(emit.getKeyword()) == Action.REFUSE) {
				throw Rejection.invalid(field, "sensitive-words", "contains words that may not be posted here");
			}
			java.util.Arrays.fill(masked, emit.getStart(), emit.getEnd() + 1, true);
		}
		var out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			if (masked[i]) {
				out.append('*');
			}
			else {
				out.appendCodePoint(text.codePointAt(i));
			}
		}
		return out.toString();
	}

	/** The listed words, in alphabetical order. */
	@Transactional(readOnly = true)
	public List<Entry> list() {
		return jdbc.sql("select word, action from content.sensitive_words order by word")
				.query((rs, row) -> new Entry(rs.getString("word"), Action.valueOf(rs.getString("action")))).list();
	}

	/** Lists a word, or changes what is done with it. */
	@Transactional
	public Entry put(String word, Action action) {
		var entry = new Entry(normalized(word), action);
		var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
		if (jdbc.sql("update content.sensitive_words set action = ?, changed_at = ? where word = ?")
				.params(action.name(), now, entry.word()).update() == 0) {
			jdbc.sql("insert into content.sensitive_words (word, action, changed_at) values (?, ?, ?) "
					+ "on conflict do nothing").params(entry.word(), action.name(), now).update();
		}
		filter = null;
		return entry;
	}

	/** Takes a word off the list; whether it was on it. */
	@Transactional
	public boolean remove(String word) {
		var removed = jdbc.sql("delete from content.sensitive_words where word = ?").param(normalized(word)).update()
				> 0;
		filter = null;
		return removed;
	}

	/** Rebuilds the filter when another replica changed the list. */
	@Scheduled(initialDelayString = "10s", fixedDelayString = "10s")
	void refresh() {
		var current = filter;
		if (current != null && !current.fingerprint().equals(fingerprint())) {
			filter = null;
			LOG.info("The sensitive-word list changed; the filter is rebuilt");
		}
	}

	private Filter current() {
		var current = filter;
		if (current == null) {
			current = build();
			filter = current;
		}
		return current;
	}

	private Filter build() {
		var fingerprint = fingerprint();
		var actions = new HashMap<String, Action>();
		list().forEach(entry -> actions.put(entry.word(), entry.action()));
		var trie = Trie.builder().ignoreCase().addKeywords(actions.keySet()).build();
		return new Filter(trie, Map.copyOf(actions), fingerprint);
	}

	private String fingerprint() {
		return jdbc.sql("select count(*) || '/' || coalesce(cast(max(changed_at) as varchar(40)), '-') "
				+ "from content.sensitive_words").query(String.class).single();
	}

	/** A word as listed: checked as a single line of text, without surrounding space, in lower case. */
	static String normalized(String word) {
		return PlainText.check("word", word, MAX_WORD, false).toLowerCase(Locale.ROOT);
	}
}
