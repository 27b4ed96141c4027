package com.yuelv.notification.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/** Notification's part of an export: the person's inbox, its messages opened. */
@Component
class NotificationDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;
	private final FieldCipher cipher;

	NotificationDataExport(JdbcClient jdbc, FieldCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	@Override
	public String module() {
		return Sealed.MODULE;
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var inbox = jdbc.sql("""
				select id, kind, subject_id, message, created_at, read_at from notification.inbox_entries
				where recipient_id = ? order by created_at""").param(person.value()).query().listOfRows();
		for (var entry : inbox) {
			entry.put("message", cipher.open(Sealed.MODULE, (String) entry.get("message")));
		}
		var data = new LinkedHashMap<String, Object>();
		data.put("inbox", inbox);
		return data;
	}
}
